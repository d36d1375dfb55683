-- POST /v1/referrals with a body built per request: one of the navigation bodies of
-- BENCH_BODY_FILES in turn, plus a patient_ref unique to the run (BENCH_RUN_ID), the thread and
-- the request, channel integration, consent, and need_codes ["health.musculoskeletal"] so that
-- every referral has a service that takes referrals. Counts statuses; anything but 201 (a new
-- referral) is reported as unexpected.
local C = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")

local templates = {}
local headers
local prefix
local n = 0

function setup(thread) C.setup(thread) end

function init(args)
   headers = C.headers()
   headers["Content-Type"] = "application/json"
   for _, body in ipairs(C.files("BENCH_BODY_FILES")) do
      local open = body:gsub("}%s*$", "")
      templates[#templates + 1] = open
   end
   prefix = (os.getenv("BENCH_RUN_ID") or "bench") .. "-t" .. (tid or 0)
   n = 0
end

function request()
   n = n + 1
   local body = templates[(n % #templates) + 1]
      .. string.format(', "patient_ref": "%s-%d", "channel": "integration", "consent": true, "need_codes": ["health.musculoskeletal"]}', prefix, n)
   return wrk.format("POST", wrk.path, headers, body)
end

function response(status, hdrs, body) C.count(status) end

function done(summary, latency, requests) C.done(summary, latency, requests, { [201] = true }) end
