-- Holds an estimate of tokens against the per-minute and per-day quotas, or says why not.
-- ARGV: 1 tokens per minute (0: none), 2 tokens per day (0: none), 3 estimate, 4 spend id, 5 now (ms; '' = Redis's clock)
-- Returns {1, now} when held; {0, now, 'minute' or 'day', tokens left, ms until room} when refused.
local now = now_ms(ARGV[5])
local per_minute = tonumber(ARGV[1])
local per_day = tonumber(ARGV[2])
local estimate = tonumber(ARGV[3])
local total = slide(now)
if per_minute > 0 and total + estimate > per_minute then
  local wait = until_room(total, estimate, per_minute, now)
  store(total)
  return {0, now, 'minute', math.max(0, per_minute - total), wait}
end
local today = tonumber(redis.call('GET', KEYS[4] .. math.floor(now / DAY)) or '0')
if per_day > 0 and today + estimate > per_day then
  store(total)
  return {0, now, 'day', math.max(0, per_day - today), DAY - now % DAY}
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('HSET', KEYS[2], ARGV[4], estimate)
store(total + estimate)
add_to_day(now, estimate)
return {1, now}
