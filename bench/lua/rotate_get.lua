-- GETs the paths listed in the file BENCH_PATHS_FILE (one a line), in turn, with the bearer
-- token in BENCH_TOKEN. Used for client lookups of many patient references.
local C = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")

local reqs = {}
local i = 0

function setup(thread) C.setup(thread) end

function init(args)
   local h = C.headers()
   for _, path in ipairs(C.lines(os.getenv("BENCH_PATHS_FILE"))) do
      reqs[#reqs + 1] = wrk.format("GET", path, h)
   end
   i = (tid or 0) * 7
end

function request()
   i = i + 1
   return reqs[(i % #reqs) + 1]
end

function done(summary, latency, requests) C.done(summary, latency, requests) end
