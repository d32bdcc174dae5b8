-- POST /v1/auth/login with the right password, for USERS accounts named USERNAME-1 .. USERNAME-N
-- in turn (environment: KEY, USERNAME, PASSWORD, USERS): sign-ins of many people, as in life, so
-- that no account's throttle sees the attempts of the others.
local users = tonumber(os.getenv("USERS") or "16")
local name = os.getenv("USERNAME")
local password = os.getenv("PASSWORD")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")

request = function()
  n = n % users + 1
  return wrk.format(nil, nil, nil,
    '{"username":"' .. name .. "-" .. n .. '","password":"' .. password .. '"}')
end
