-- The soak mix, in a cycle of 20 requests per thread: 10 navigations (the bodies of
-- BENCH_BODY_FILES in turn), 4 referral creations (unique patient_ref), 2 client lookups of a
-- patient_ref this thread created earlier, 2 worklist reads (team BENCH_TEAM_ID), 1 statistics
-- read (the last 30 days) and 1 GET /health/live. Tokens: BENCH_TOKEN_CC (navigation, lookups),
-- BENCH_TOKEN_INT (referrals), BENCH_TOKEN_TEAM (worklist), BENCH_TOKEN_AUDIT (statistics).
-- Every response must be 200 or 201; any other status is counted as unexpected.
local C = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")

local navs = {}
local templates = {}
local h_cc, h_int, h_team, h_audit
local prefix
local i, created = 0, 0
local worklist_path, stats_path
local cycle = { "nav", "ref", "nav", "look", "nav", "work", "nav", "ref", "nav", "stats",
                "nav", "ref", "nav", "look", "nav", "work", "nav", "ref", "nav", "live" }

local function bearer(var, json)
   local h = { ["Authorization"] = "Bearer " .. assert(os.getenv(var), var .. " is not set") }
   if json then h["Content-Type"] = "application/json" end
   return h
end

function setup(thread) C.setup(thread) end

function init(args)
   h_cc, h_int = bearer("BENCH_TOKEN_CC", true), bearer("BENCH_TOKEN_INT", true)
   h_team, h_audit = bearer("BENCH_TOKEN_TEAM"), bearer("BENCH_TOKEN_AUDIT")
   for _, body in ipairs(C.files("BENCH_BODY_FILES")) do
      navs[#navs + 1] = wrk.format("POST", "/v1/navigation", h_cc, body)
      local open = body:gsub("}%s*$", "")
      templates[#templates + 1] = open
   end
   prefix = (os.getenv("BENCH_RUN_ID") or "soak") .. "-t" .. (tid or 0)
   worklist_path = "/v1/teams/" .. os.getenv("BENCH_TEAM_ID") .. "/referrals"
   stats_path = "/v1/stats?from=" .. os.getenv("BENCH_STATS_FROM") .. "&to=" .. os.getenv("BENCH_STATS_TO")
   i = (tid or 0) * 3
end

function request()
   i = i + 1
   local kind = cycle[(i % #cycle) + 1]
   if kind == "look" and created == 0 then kind = "nav" end
   if kind == "nav" then
      return navs[(i % #navs) + 1]
   elseif kind == "ref" then
      created = created + 1
      local body = templates[(created % #templates) + 1]
         .. string.format(', "patient_ref": "%s-%d", "channel": "integration", "consent": true, "need_codes": ["health.musculoskeletal"]}', prefix, created)
      return wrk.format("POST", "/v1/referrals", h_int, body)
   elseif kind == "look" then
      local k = math.max(1, created - 8)
      return wrk.format("GET", string.format("/v1/referrals?client=%s-%d", prefix, k), h_cc)
   elseif kind == "work" then
      return wrk.format("GET", worklist_path, h_team)
   elseif kind == "stats" then
      return wrk.format("GET", stats_path, h_audit)
   else
      return wrk.format("GET", "/health/live", {})
   end
end

function response(status, hdrs, body) C.count(status) end

function done(summary, latency, requests) C.done(summary, latency, requests, { [200] = true, [201] = true }) end
