-- POST /v1/sessions, each request for a new subject (so no per-subject cap is reached).
-- With TOKENS_OUT set, each thread appends the tokens it receives to TOKENS_OUT.<thread>.
local counter = 0
local out = nil
function setup(thread)
  thread:set("id", tostring(math.random(1, 1e9)))
end
function init(args)
  local path = os.getenv("TOKENS_OUT")
  if path then out = io.open(path .. "." .. id, "w") end
end
function request()
  counter = counter + 1
  return wrk.format("POST", "/v1/sessions",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("KEY") },
    '{"subject":"load-' .. id .. '-' .. counter .. '"}')
end
function response(status, headers, body)
  if out and status == 201 then
    local t = string.match(body, '"token":"([^"]+)"')
    if t then out:write(t, "\n"); out:flush() end
  end
end
