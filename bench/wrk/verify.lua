-- POST /v1/sessions/verify with one token, read from the TOKEN environment variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
wrk.body = '{"token":"' .. os.getenv("TOKEN") .. '","client":{"ip":"203.0.113.9","user_agent":"wrk"}}'
