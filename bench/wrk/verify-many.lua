-- POST /v1/sessions/verify over every token of the TOKENS file in turn (one wrk thread).
local tokens = {}
local i = 0
function init(args)
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
end
function request()
  i = i + 1
  return wrk.format("POST", "/v1/sessions/verify",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("KEY") },
    '{"token":"' .. tokens[((i - 1) % #tokens) + 1] .. '"}')
end
