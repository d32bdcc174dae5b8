-- A rotation then the first use of its token, for sessions not used before: the tokens of the
-- TOKENS file in turn (each thread its own share) are rotated (POST /v1/sessions/rotate), and the
-- new token of each is verified once (POST /v1/sessions/verify) before the next session's rotation
-- when one is waiting. Run it for less time than the tokens last. THREADS is wrk's -t (default 2).
-- Prints any rotation or verification that is refused.
local tokens, fresh = {}, {}
local sent = 0
local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end
function init(args)
  local n = 0
  for line in io.lines(os.getenv("TOKENS")) do
    if #line > 0 then
      if n % tonumber(os.getenv("THREADS") or "2") == index then tokens[#tokens + 1] = line end
      n = n + 1
    end
  end
end
local headers = { ["Content-Type"] = "application/json",
                  ["Authorization"] = "Bearer " .. os.getenv("KEY") }
function request()
  local t = table.remove(fresh, 1)
  if t then
    return wrk.format("POST", "/v1/sessions/verify", headers, '{"token":"' .. t .. '"}')
  end
  sent = sent + 1
  t = tokens[((sent - 1) % #tokens) + 1]
  return wrk.format("POST", "/v1/sessions/rotate", headers, '{"token":"' .. t .. '"}')
end
function response(status, headers, body)
  if status ~= 200 or body:match('"valid":false') then
    print("refused: " .. status .. " " .. body:sub(1, 200))
    return
  end
  if not body:match('"valid":') then
    local t = body:match('"token":"([^"]+)"')
    if t then fresh[#fresh + 1] = t end
  end
end
