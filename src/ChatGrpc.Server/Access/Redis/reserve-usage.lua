-- Checks one call against a user's limits and budgets and, when it fits, counts it: one request, ARGV[4] tokens and
-- ARGV[7] nanodollars of estimated spend.
-- KEYS[1]: the user's minute hash (fields r<second> and t<second>: requests and tokens of that Unix second).
-- KEYS[2]: the prefix of the user's day counters (the UTC day number is appended).
-- KEYS[3], KEYS[4]: the prefixes of the user's spend counters per UTC day and per UTC month (months since 1970).
-- ARGV: requests per minute, tokens per minute, tokens per day, spend per day, spend per month (0: no limit), the
-- call's tokens, its spend: ARGV[1..4] as before, then ARGV[5] day budget, ARGV[6] month budget, ARGV[7] spend.
-- A budget admits calls until it is reached (in-flight estimates included), so it is checked without the call's own.
-- The clock is Redis's own, so that every instance counts in the same buckets. Mirrors MemoryUsageStore.
local time = redis.call('TIME')
local second = tonumber(time[1])
local now = second * 1000 + math.floor(tonumber(time[2]) / 1000)
local requestLimit = tonumber(ARGV[1])
local tokenLimit = tonumber(ARGV[2])
local dayLimit = tonumber(ARGV[3])
local tokens = tonumber(ARGV[4])
local daySpendLimit = tonumber(ARGV[5])
local monthSpendLimit = tonumber(ARGV[6])
local spend = tonumber(ARGV[7])
local buckets = 61
local day = math.floor(now / 86400000)
local dayKey = KEYS[2] .. day

-- The UTC calendar month of a day number, and the day number of a month's first day (Howard Hinnant's algorithms).
local function civilFromDays(z)
  z = z + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m
end
local function daysFromCivil(y, m)
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local mp = m > 2 and m - 3 or m + 9
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + math.floor((153 * mp + 2) / 5)
  return era * 146097 + doe - 719468
end
local year, monthOfYear = civilFromDays(day)
local month = (year - 1970) * 12 + monthOfYear - 1
local nextMonthStart
if monthOfYear == 12 then
  nextMonthStart = daysFromCivil(year + 1, 1) * 86400000
else
  nextMonthStart = daysFromCivil(year, monthOfYear + 1) * 86400000
end
local daySpendKey = KEYS[3] .. day
local monthSpendKey = KEYS[4] .. month

local requestBuckets, tokenBuckets, expired = {}, {}, {}
local requests, windowTokens = 0, 0
local newestRequest, newestTokens = second - buckets, second - buckets
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local field = fields[i]
  local bucket = tonumber(string.sub(field, 2))
  local amount = tonumber(fields[i + 1])
  if bucket <= second - buckets then
    expired[#expired + 1] = field
  elseif string.sub(field, 1, 1) == 'r' then
    requests = requests + amount
    requestBuckets[#requestBuckets + 1] = { bucket, amount }
    if bucket > newestRequest then newestRequest = bucket end
  else
    windowTokens = windowTokens + amount
    tokenBuckets[#tokenBuckets + 1] = { bucket, amount }
    if bucket > newestTokens then newestTokens = bucket end
  end
end
if #expired > 0 then
  redis.call('HDEL', KEYS[1], unpack(expired))
end

-- How long until the oldest buckets leave the window having freed `needed`. Only a refusal needs the order.
local function untilFreed(list, needed)
  table.sort(list, function(a, b) return a[1] < b[1] end)
  local freed = 0
  for i = 1, #list do
    freed = freed + list[i][2]
    if freed >= needed then
      return (list[i][1] + buckets) * 1000 - now
    end
  end
  if #list == 0 then
    return 0
  end
  return (list[#list][1] + buckets) * 1000 - now
end

local dayTokens = tonumber(redis.call('GET', dayKey) or '0')
local refused, retryAfter = 0, 0
if requestLimit > 0 and requests + 1 > requestLimit then
  refused = 1
  retryAfter = untilFreed(requestBuckets, requests + 1 - requestLimit)
elseif tokenLimit > 0 and windowTokens + tokens > tokenLimit then
  refused = 2
  retryAfter = untilFreed(tokenBuckets, windowTokens + tokens - tokenLimit)
elseif dayLimit > 0 and dayTokens + tokens > dayLimit then
  refused = 3
  retryAfter = (day + 1) * 86400000 - now
end

local daySpend = tonumber(redis.call('GET', daySpendKey) or '0')
local monthSpend = tonumber(redis.call('GET', monthSpendKey) or '0')
if refused == 0 then
  if daySpendLimit > 0 and daySpend >= daySpendLimit then
    refused = 4
    retryAfter = (day + 1) * 86400000 - now
  elseif monthSpendLimit > 0 and monthSpend >= monthSpendLimit then
    refused = 5
    retryAfter = nextMonthStart - now
  end
end

if refused == 0 then
  redis.call('HINCRBY', KEYS[1], 'r' .. second, 1)
  requests = requests + 1
  newestRequest = second
  if tokens > 0 then
    redis.call('HINCRBY', KEYS[1], 't' .. second, tokens)
    windowTokens = windowTokens + tokens
    newestTokens = second
    dayTokens = redis.call('INCRBY', dayKey, tokens)
    redis.call('EXPIRE', dayKey, 172800)
  end
  redis.call('EXPIRE', KEYS[1], buckets + 1)
  if spend > 0 then
    daySpend = redis.call('INCRBY', daySpendKey, spend)
    redis.call('EXPIRE', daySpendKey, 172800)
    monthSpend = redis.call('INCRBY', monthSpendKey, spend)
    redis.call('EXPIRE', monthSpendKey, 5443200)
  end
end

return { refused, second, day, requests, windowTokens, dayTokens, retryAfter,
  (newestRequest + buckets) * 1000 - now, (newestTokens + buckets) * 1000 - now, (day + 1) * 86400000 - now,
  month, daySpend, monthSpend, nextMonthStart - now }
