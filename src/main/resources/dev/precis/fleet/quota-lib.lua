-- One client's token spends of the sliding minute, shared by every replica:
--   KEYS[1] spends  sorted set: spend id -> when (ms)
--   KEYS[2] amounts hash: spend id -> tokens ("s" in front once settled with the real count)
--   KEYS[3] total   the tokens of the spends still in the minute
--   KEYS[4] day     prefix of the per-UTC-day counter (the day number is appended)
local WINDOW = 60000
local DAY = 86400000

local function now_ms(given)
  if given ~= nil and given ~= '' then return tonumber(given) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function amount(value)
  if not value then return 0 end
  if string.sub(value, 1, 1) == 's' then return tonumber(string.sub(value, 2)) end
  return tonumber(value)
end

-- Forgets the spends that left the minute (at or before now - 60 s), in bounded batches; returns the minute's total.
local function slide(now)
  local total = tonumber(redis.call('GET', KEYS[3]) or '0')
  while true do
    local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - WINDOW, 'LIMIT', 0, 500)
    if #gone == 0 then break end
    local amounts = redis.call('HMGET', KEYS[2], unpack(gone))
    for i = 1, #gone do total = total - amount(amounts[i]) end
    redis.call('HDEL', KEYS[2], unpack(gone))
    redis.call('ZREM', KEYS[1], unpack(gone))
  end
  if total < 0 then total = 0 end
  return total
end

-- Keeps the minute's keys one minute past their last change, the day's two days.
local function store(total)
  redis.call('SET', KEYS[3], total, 'PX', WINDOW + 1000)
  redis.call('PEXPIRE', KEYS[1], WINDOW + 1000)
  redis.call('PEXPIRE', KEYS[2], WINDOW + 1000)
end

local function add_to_day(at, tokens)
  local key = KEYS[4] .. math.floor(at / DAY)
  local today = redis.call('INCRBY', key, tokens)
  if today < 0 then redis.call('SET', key, 0); today = 0 end
  redis.call('PEXPIRE', key, 2 * DAY)
  return today
end

-- Until enough of the minute's spends have left for `needed` more tokens to fit under `limit`.
local function until_room(total, needed, limit, now)
  local start = 0
  while start < 10000 do
    local batch = redis.call('ZRANGE', KEYS[1], start, start + 199, 'WITHSCORES')
    if #batch == 0 then break end
    local ids = {}
    for i = 1, #batch, 2 do ids[#ids + 1] = batch[i] end
    local amounts = redis.call('HMGET', KEYS[2], unpack(ids))
    for i = 1, #ids do
      total = total - amount(amounts[i])
      if total + needed <= limit then return math.max(1, tonumber(batch[2 * i]) + WINDOW - now) end
    end
    start = start + 200
  end
  return WINDOW
end
