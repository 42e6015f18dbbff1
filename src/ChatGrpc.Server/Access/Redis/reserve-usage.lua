-- Checks one call against a user's limits and, when it fits, counts it: one request and ARGV[4] tokens.
-- KEYS[1]: the user's minute hash (fields r<second> and t<second>: requests and tokens of that Unix second).
-- KEYS[2]: the prefix of the user's day counters (the UTC day number is appended).
-- ARGV: requests per minute, tokens per minute, tokens per day (0: no limit), the call's tokens.
-- The clock is Redis's own, so that every instance counts in the same buckets. Mirrors MemoryUsageStore.
local time = redis.call('TIME')
local second = tonumber(time[1])
local now = second * 1000 + math.floor(tonumber(time[2]) / 1000)
local requestLimit = tonumber(ARGV[1])
local tokenLimit = tonumber(ARGV[2])
local dayLimit = tonumber(ARGV[3])
local tokens = tonumber(ARGV[4])
local buckets = 61
local day = math.floor(now / 86400000)
local dayKey = KEYS[2] .. day

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
end

return { refused, second, day, requests, windowTokens, dayTokens, retryAfter,
  (newestRequest + buckets) * 1000 - now, (newestTokens + buckets) * 1000 - now, (day + 1) * 86400000 - now }
