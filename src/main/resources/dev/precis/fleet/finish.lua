-- The end of a leader's work: stores its answer (when it has one worth sharing) and gives its lease back.
-- The answers are bounded in number: an index by time of storing drops the oldest beyond the maximum, and the expired.
-- KEYS: 1 answer, 2 lease, 3 index. ARGV: 1 owner, 2 answer ('' = none), 3 time to live (ms), 4 most answers kept,
-- 5 this answer's name in the index, 6 prefix of answer keys
if ARGV[2] ~= '' then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local ttl = tonumber(ARGV[3])
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
  redis.call('ZADD', KEYS[3], now, ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - ttl)
  local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[4])
  while over > 0 do
    local batch = math.min(over, 500)
    local oldest = redis.call('ZRANGE', KEYS[3], 0, batch - 1)
    for i = 1, #oldest do redis.call('DEL', ARGV[6] .. oldest[i]) end
    redis.call('ZREMRANGEBYRANK', KEYS[3], 0, batch - 1)
    over = over - batch
  end
  redis.call('PEXPIRE', KEYS[3], ttl)
end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
