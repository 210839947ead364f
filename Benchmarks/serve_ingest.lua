-- wrk script for Benchmarks/serve_ingest.py: each request is a new EventBridge delivery of a
-- new low-severity GuardDuty finding (recorded, no run started); every 10th repeats an earlier
-- delivery, which must be answered 202 as a duplicate.
local counter = 0
thread_id = 0  -- global: setup() gives each thread its own
local template = nil

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  token = args[1]
  local file = io.open(args[2], "r")
  template = file:read("*a")
  file:close()
end

function request()
  counter = counter + 1
  local n = counter
  if n % 10 == 0 then n = n - 5 end  -- a redelivery
  local id = string.format("bench-%d-%d", thread_id, n)
  local body = template:gsub("7f0d4c2e%-3a61%-4b1e%-9d3c%-2b8a6f1e0c01", id)
                       :gsub("4ec6a1f2b8d94e1fa0c3d5e7f9a1b2c3", "f" .. id)
                       :gsub('"severity": 8,', '"severity": 2,')
  return wrk.format("POST", "/v1/events", { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("requests %d in %.2f s: %.0f/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
