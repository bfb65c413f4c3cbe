-- Counts one request against a requests-per-minute quota over the sliding minute, or says when there is room.
-- KEYS[1]: sorted set of the minute's requests (id -> when, ms)
-- ARGV: 1 limit, 2 request id, 3 now (ms; '' = Redis's clock), 4 age ('' for a request now; an age in ms to hand over
-- a request a replica admitted on its own while Redis was down: counted that long ago, without a check, once)
-- Returns {1, now} when counted, {0, now, ms until the oldest request leaves the minute} when refused.
local WINDOW = 60000
local now
if ARGV[3] ~= '' then now = tonumber(ARGV[3]) else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
if ARGV[4] ~= '' then
  local at = now - tonumber(ARGV[4])
  if at > now - WINDOW then
    redis.call('ZADD', KEYS[1], 'NX', at, ARGV[2])
    redis.call('PEXPIRE', KEYS[1], WINDOW + 1000)
  end
  return {1, now}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - WINDOW)
local limit = tonumber(ARGV[1])
if limit > 0 and redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, now, math.max(1, tonumber(oldest[2]) + WINDOW - now)}
end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], WINDOW + 1000)
return {1, now}
