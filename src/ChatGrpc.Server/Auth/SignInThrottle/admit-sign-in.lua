-- Before a password check: admits it (counting it as failed until taken back), after a delay, or refuses it.
-- KEYS[1]: the user name's hash (fields f: failures, last: last failure, next: no new check before, in ms).
-- KEYS[2], when there is a client address: its hash (f, last, locked: refused until, n: lockouts so far).
-- ARGV: window, failure delay, lockout, maximum lockout, rationed user name's check interval (all ms),
-- failures before delay, failures before lockout.
-- Returns { 1 when refused (else 0), ms until a retry when refused (else the delay before the check), the address's
-- lockout count when this call locked it out (else 0), 1 when this call made the user name rationed (else 0) }.
-- The clock is Redis's own, so that every instance agrees on when a lockout ends. Mirrors InMemoryFailedSignInThrottle.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local failureDelay = tonumber(ARGV[2])
local lockout = tonumber(ARGV[3])
local maxLockout = tonumber(ARGV[4])
local userCheckInterval = tonumber(ARGV[5])
local failuresBeforeDelay = tonumber(ARGV[6])
local failuresBeforeLockout = tonumber(ARGV[7])

local function number(value)
  return tonumber(value) or 0
end

-- A key expires when its record would be forgotten (a window after its last failure or the end of its lockout),
-- so nothing lingers; the check here covers a key read in the same millisecond it is due.
local function forgotten(last, locked)
  return now - last >= window and now >= locked
end

local delay = 0
if KEYS[2] then
  local record = redis.call('HMGET', KEYS[2], 'f', 'last', 'locked', 'n')
  local failures, last, locked, lockouts = number(record[1]), number(record[2]), number(record[3]), number(record[4])
  if forgotten(last, locked) then
    failures, last, locked, lockouts = 0, 0, 0, 0
  end

  if locked > now then
    return { 1, locked - now, 0, 0 }
  end

  if failures >= failuresBeforeLockout then
    local duration = lockout
    for _ = 1, lockouts do
      if duration >= maxLockout then break end
      duration = duration * 2
    end
    duration = math.min(duration, maxLockout)
    lockouts = lockouts + 1
    locked = now + duration
    -- After the lockout, one more check; its failure locks the address out again, for longer.
    redis.call('HSET', KEYS[2], 'f', failuresBeforeLockout - 1, 'last', locked, 'locked', locked, 'n', lockouts)
    redis.call('PEXPIRE', KEYS[2], duration + window)
    return { 1, duration, lockouts, 0 }
  end

  failures = failures + 1
  redis.call('HSET', KEYS[2], 'f', failures, 'last', now, 'locked', locked, 'n', lockouts)
  redis.call('PEXPIRE', KEYS[2], window)
  if failures > failuresBeforeDelay then
    delay = failureDelay
  end
end

-- The address has been charged even if the name now refuses: hammering a rationed name still locks the address out.
local record = redis.call('HMGET', KEYS[1], 'f', 'last', 'next')
local failures, last, nextCheck = number(record[1]), number(record[2]), number(record[3])
if forgotten(last, 0) then
  failures, last, nextCheck = 0, 0, 0
end

if failures >= failuresBeforeLockout then
  if now < nextCheck then
    return { 1, nextCheck - now, 0, 0 }
  end
  nextCheck = now + userCheckInterval
end

failures = failures + 1
redis.call('HSET', KEYS[1], 'f', failures, 'last', now, 'next', nextCheck)
redis.call('PEXPIRE', KEYS[1], window)
local rationed = 0
if failures == failuresBeforeLockout then
  rationed = 1
end
return { 0, delay, 0, rationed }
