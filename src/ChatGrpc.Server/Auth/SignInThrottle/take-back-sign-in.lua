-- After an admitted check that succeeded (ARGV[1] = 1) or never ran (ARGV[1] = 0): takes back its failure.
-- A success clears the user name's failures too; an address keeps the rest of its failures either way, so that an
-- attacker's own valid account cannot reset its count between guesses.
-- KEYS[1]: the user name's hash; KEYS[2], when there is a client address: its hash (see admit-sign-in.lua).
-- Keys are left with their expiry: a take-back is not a failure. Mirrors InMemoryFailedSignInThrottle.TakeBack.
local function takeBack(key)
  local failures = tonumber(redis.call('HGET', key, 'f'))
  if failures and failures > 0 then
    redis.call('HSET', key, 'f', failures - 1)
  end
end

if KEYS[2] then
  takeBack(KEYS[2])
end

if ARGV[1] == '1' then
  redis.call('DEL', KEYS[1])
else
  takeBack(KEYS[1])
end
return 1
