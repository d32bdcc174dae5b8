-- POST /v1/sessions/rotate: the tokens of the TOKENS file in turn, each thread its own share;
-- run it for less time than the tokens last, so every request is a real rotation. THREADS is
-- wrk's -t (default 2).
local tokens = {}
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
function request()
  sent = sent + 1
  local t = tokens[((sent - 1) % #tokens) + 1]
  return wrk.format("POST", "/v1/sessions/rotate",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("KEY") },
    '{"token":"' .. t .. '","roles":["editor"]}')
end
