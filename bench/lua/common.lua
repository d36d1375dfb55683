-- Shared by the bench Lua scripts: reading files, the list of bodies, and the RESULT line that
-- bench/tools.py parses. Loaded with dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua").

local M = {}

function M.read(path)
   local f = assert(io.open(path, "rb"), "cannot read " .. path)
   local s = f:read("*a")
   f:close()
   return s
end

-- The files named in a colon-separated environment variable, trailing newlines removed.
function M.files(var)
   local out = {}
   for path in string.gmatch(os.getenv(var) or "", "[^:]+") do
      local s = M.read(path):gsub("%s+$", "")
      out[#out + 1] = s
   end
   assert(#out > 0, var .. " names no file")
   return out
end

-- The lines of a file.
function M.lines(path)
   local out = {}
   for line in io.lines(path) do
      if line ~= "" then out[#out + 1] = line end
   end
   assert(#out > 0, path .. " has no line")
   return out
end

function M.headers()
   local h = {}
   local token = os.getenv("BENCH_TOKEN")
   if token and token ~= "" then h["Authorization"] = "Bearer " .. token end
   return h
end

-- Threads, so that done() can add up the per-thread counters of response().
M.threads = {}
M.next_id = 0

function M.setup(thread)
   thread:set("tid", M.next_id)
   M.next_id = M.next_id + 1
   M.threads[#M.threads + 1] = thread
end

-- Counting statuses in response() (only scripts that define response() pay for it). A global of
-- the thread's Lua state, so that done() can read it with thread:get.
bench_statuses = {}
function M.count(status)
   bench_statuses[status] = (bench_statuses[status] or 0) + 1
end

function M.done(summary, latency, requests, expected)
   local e = summary.errors
   local extra = ""
   local unexpected = 0
   if #M.threads > 0 and expected then
      local totals = {}
      for _, t in ipairs(M.threads) do
         for code, n in pairs(t:get("bench_statuses") or {}) do
            totals[code] = (totals[code] or 0) + n
         end
      end
      for code, n in pairs(totals) do
         extra = extra .. string.format(',"status_%s":%d', code, n)
         if not expected[code] then unexpected = unexpected + n end
      end
      extra = extra .. string.format(',"unexpected":%d', unexpected)
   end
   io.write(string.format(
      'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,'
         .. '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
         .. '"p999_us":%d,"max_us":%d,"mean_us":%.1f%s}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean, extra))
end

return M
