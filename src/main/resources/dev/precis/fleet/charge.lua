-- Hands over tokens a replica spent on its own while Redis was down, once: the spend counts in the minute if it is
-- still in it, and in the day it was made. If the spend's reservation reached Redis after all (its answer was lost on
-- the way back), the hand-over settles that reservation with the real count instead of adding to it.
-- KEYS[5]: the hand-over's own marker, so that a hand-over retried after a lost answer is not counted twice.
-- ARGV: 1 spend id, 2 age (ms), 3 tokens, 4 now (ms; '' = Redis's clock)
if not redis.call('SET', KEYS[5], 1, 'NX', 'PX', 2 * DAY) then return 0 end
local now = now_ms(ARGV[4])
local at = now - tonumber(ARGV[2])
local tokens = math.max(0, tonumber(ARGV[3]))
local total = slide(now)
local held = redis.call('HGET', KEYS[2], ARGV[1])
if held then
  if string.sub(held, 1, 1) == 's' then store(total) return 0 end
  local difference = tokens - tonumber(held)
  redis.call('HSET', KEYS[2], ARGV[1], 's' .. tokens)
  store(math.max(0, total + difference))
  add_to_day(now, difference)
  return 1
end
if at > now - WINDOW then
  redis.call('ZADD', KEYS[1], at, ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], 's' .. tokens)
  total = total + tokens
end
store(total)
add_to_day(at, tokens)
return 1
