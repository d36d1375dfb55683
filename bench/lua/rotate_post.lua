-- POSTs the JSON bodies named in BENCH_BODY_FILES (colon-separated) to the URL given to wrk, in
-- turn (each thread starts at another body), with the bearer token in BENCH_TOKEN. The requests
-- are formatted once, in init().
local C = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")

local reqs = {}
local i = 0

function setup(thread) C.setup(thread) end

function init(args)
   local h = C.headers()
   h["Content-Type"] = "application/json"
   for _, body in ipairs(C.files("BENCH_BODY_FILES")) do
      reqs[#reqs + 1] = wrk.format("POST", wrk.path, h, body)
   end
   i = (tid or 0) * 5
end

function request()
   i = i + 1
   return reqs[(i % #reqs) + 1]
end

function done(summary, latency, requests) C.done(summary, latency, requests) end
