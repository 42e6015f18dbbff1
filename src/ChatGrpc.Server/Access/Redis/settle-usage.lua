-- Replaces a reservation's estimated tokens with the real usage: adds ARGV[3] (which may be negative).
-- KEYS[1]: the user's minute hash; KEYS[2]: the prefix of its day counters.
-- ARGV: the reservation's Unix second, its UTC day, the difference. Mirrors MemoryUsageStore.Settle.
local time = redis.call('TIME')
local second = tonumber(time[1])
local today = math.floor((second * 1000 + math.floor(tonumber(time[2]) / 1000)) / 86400000)
local bucket = tonumber(ARGV[1])
local day = tonumber(ARGV[2])
local delta = tonumber(ARGV[3])
local buckets = 61

local field = 't' .. bucket
if bucket > second - buckets and redis.call('HEXISTS', KEYS[1], field) == 1 then
  if redis.call('HINCRBY', KEYS[1], field, delta) <= 0 then
    redis.call('HDEL', KEYS[1], field)
  end
elseif delta > 0 then
  -- The reservation has left the window (a call longer than a minute): the excess was used recently.
  redis.call('HINCRBY', KEYS[1], 't' .. second, delta)
  redis.call('EXPIRE', KEYS[1], buckets + 1)
end

local dayKey = KEYS[2] .. day
if redis.call('EXISTS', dayKey) == 1 then
  if redis.call('INCRBY', dayKey, delta) < 0 then
    redis.call('SET', dayKey, 0, 'KEEPTTL')
  end
elseif delta > 0 and day ~= today then
  redis.call('INCRBY', KEYS[2] .. today, delta)
  redis.call('EXPIRE', KEYS[2] .. today, 172800)
end
return 1
