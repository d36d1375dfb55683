-- One fixed request (the URL given to wrk), with the bearer token in BENCH_TOKEN when set. wrk
-- sends it without calling Lua per request: the cheapest load, used for GET /health/live (the
-- framework's ceiling), the worklist and statistics.
local C = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")

for k, v in pairs(C.headers()) do wrk.headers[k] = v end

function setup(thread) C.setup(thread) end

function done(summary, latency, requests) C.done(summary, latency, requests) end
