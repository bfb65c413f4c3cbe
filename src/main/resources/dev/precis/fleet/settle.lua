-- Corrects a reservation with the real count: in the minute if the spend is still there, and in today's count.
-- Settling twice changes nothing. A spend that already left the minute and turned out dearer is charged now.
-- ARGV: 1 spend id, 2 estimate, 3 actual, 4 now (ms; '' = Redis's clock), 5 id for a late extra spend
local now = now_ms(ARGV[4])
local estimate = tonumber(ARGV[2])
local actual = math.max(0, tonumber(ARGV[3]))
local total = slide(now)
local held = redis.call('HGET', KEYS[2], ARGV[1])
local difference
if held then
  if string.sub(held, 1, 1) == 's' then return 0 end
  difference = actual - tonumber(held)
  redis.call('HSET', KEYS[2], ARGV[1], 's' .. actual)
  total = total + difference
else
  difference = actual - estimate
  if difference > 0 then
    redis.call('ZADD', KEYS[1], now, ARGV[5])
    redis.call('HSET', KEYS[2], ARGV[5], 's' .. difference)
    total = total + difference
  end
end
store(math.max(0, total))
add_to_day(now, difference)
return 1
