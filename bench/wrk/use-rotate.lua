-- Sessions in use and rotated: each session of the TOKENS file ("ses_id token" per line, each
-- thread its own share) is verified twice, then rotated, and its new token is the one verified
-- next; a session is only sent again once its last answer is in. Needs more sessions per thread
-- than connections per thread (wrk -c / -t). Prints any answer it cannot follow or any refusal.
local ids, tokens, step, ready, index_of = {}, {}, {}, {}, {}
local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end
function init(args)
  local n = 0
  for line in io.lines(os.getenv("TOKENS")) do
    local id, token = line:match("^(%S+) (%S+)$")
    if id then
      if n % tonumber(os.getenv("THREADS") or "2") == index then
        local i = #ids + 1
        ids[i], tokens[i], step[i], index_of[id] = id, token, 0, i
        ready[#ready + 1] = i
      end
      n = n + 1
    end
  end
end
function request()
  local i = table.remove(ready, 1)
  local headers = { ["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer " .. os.getenv("KEY") }
  local path = step[i] == 2 and "/v1/sessions/rotate" or "/v1/sessions/verify"
  return wrk.format("POST", path, headers, '{"token":"' .. tokens[i] .. '"}')
end
function response(status, headers, body)
  local id = body:match('"id":"(ses_[^"]+)"') or body:match('"session_id":"(ses_[^"]+)"')
  local i = id and index_of[id]
  if not i then
    print("cannot follow: " .. status .. " " .. body:sub(1, 200))
    return
  end
  if body:match('"valid":false') then print("refused: " .. body:sub(1, 200)) end
  local next = body:match('"renewed_token":"([^"]+)"')
  if step[i] == 2 then next = body:match('"token":"([^"]+)"') end
  if next then tokens[i] = next end
  step[i] = (step[i] + 1) % 3
  ready[#ready + 1] = i
end
