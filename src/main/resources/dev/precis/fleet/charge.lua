-- Hands over tokens a replica spent on its own while Redis was down, once: the spend counts in the minute if it is
-- still in it, and in the day it was made.
-- KEYS[5]: the hand-over's own marker, so that a hand-over retried after a lost answer is not counted twice.
-- ARGV: 1 spend id, 2 when (ms), 3 tokens, 4 now (ms; '' = Redis's clock)
if not redis.call('SET', KEYS[5], 1, 'NX', 'PX', 2 * DAY) then return 0 end
local now = now_ms(ARGV[4])
local at = tonumber(ARGV[2])
local tokens = math.max(0, tonumber(ARGV[3]))
local total = slide(now)
if at > now - WINDOW then
  redis.call('ZADD', KEYS[1], at, ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], 's' .. tokens)
  total = total + tokens
end
store(total)
add_to_day(at, tokens)
return 1
