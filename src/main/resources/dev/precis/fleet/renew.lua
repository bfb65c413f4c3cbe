-- Extends a lease its owner still holds. KEYS: 1 lease. ARGV: 1 owner, 2 lease (ms). Returns 1 if held.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
