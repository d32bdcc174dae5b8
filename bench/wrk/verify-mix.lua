-- POST /v1/sessions/verify with a mix: of every PERIOD requests (default 20), the first VALID_UPTO
-- (17) present a valid token, those up to REVOKED_UPTO (19) a revoked one (REVOKED: a store lookup
-- and an event), the rest a tampered one (TAMPERED: an event, no lookup).
-- Tokens come from the files named by VALID and REVOKED; each request has its own client address.
local valid, revoked = {}, {}
local i = 0
local period = tonumber(os.getenv("PERIOD") or "20")
local validUpto = tonumber(os.getenv("VALID_UPTO") or "17")
local revokedUpto = tonumber(os.getenv("REVOKED_UPTO") or "19")
function init(args)
  for line in io.lines(os.getenv("VALID")) do valid[#valid + 1] = line end
  for line in io.lines(os.getenv("REVOKED")) do revoked[#revoked + 1] = line end
end
function request()
  i = i + 1
  local k = i % period
  local token
  if k < validUpto then
    token = valid[(i % #valid) + 1]
  elseif k < revokedUpto then
    token = revoked[(i % #revoked) + 1]
  else
    local t = valid[(i % #valid) + 1]
    token = t:sub(1, #t - 1) .. (t:sub(-1) == "A" and "B" or "A")
  end
  local ip = "10." .. (math.floor(i / 65536) % 256) .. "." .. (math.floor(i / 256) % 256) .. "." .. (i % 256)
  return wrk.format("POST", "/v1/sessions/verify",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("KEY") },
    '{"token":"' .. token .. '","client":{"ip":"' .. ip .. '","user_agent":"wrk"}}')
end
