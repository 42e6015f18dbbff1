-- Replaces a reservation's estimated tokens with the real usage: adds ARGV[3] (which may be negative).
-- KEYS[1]: the user's minute hash; KEYS[2]: the prefix of its day counters.
-- ARGV: the reservation's Unix second, its UTC day, the difference. Mirrors MemoryUsageStore.Settle.
-- Spend likewise: KEYS[3], KEYS[4] the prefixes of the spend counters per UTC day and month; ARGV[4] the spend's
-- difference (nanodollars), ARGV[5] the reservation's month, ARGV[6] the current month by the caller's clock (only
-- used to charge an excess that outlived its month). Mirrors MemoryUsageStore.SettleSpend.
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

-- Adds delta to a counter that still exists, never taking it below zero. A counter that has expired took its period
-- with it; only an excess is still owed, and it is charged to the current period's counter instead.
local function settle(key, delta, currentKey, ttl)
  if redis.call('EXISTS', key) == 1 then
    if redis.call('INCRBY', key, delta) < 0 then
      redis.call('SET', key, 0, 'KEEPTTL')
    end
  elseif delta > 0 and key ~= currentKey then
    redis.call('INCRBY', currentKey, delta)
    redis.call('EXPIRE', currentKey, ttl)
  end
end

settle(KEYS[2] .. day, delta, KEYS[2] .. today, 172800)
local spendDelta = tonumber(ARGV[4] or '0')
if spendDelta ~= 0 then
  settle(KEYS[3] .. day, spendDelta, KEYS[3] .. today, 172800)
  settle(KEYS[4] .. ARGV[5], spendDelta, KEYS[4] .. ARGV[6], 5443200)
end
return 1
