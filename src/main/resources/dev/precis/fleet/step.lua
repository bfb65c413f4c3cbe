-- One step of a replica that wants an answer: the answer if some replica stored it; else the lease to compute it if
-- no replica holds it (or its holder died and the lease ran out); else wait.
-- KEYS: 1 answer, 2 lease. ARGV: 1 this request's owner id, 2 lease (ms)
-- Returns {1, answer}, {2} (lead: compute it) or {3} (wait).
local answer = redis.call('GET', KEYS[1])
if answer then return {1, answer} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {2} end
return {3}
