-- wrk script: POSTs a JSON body made of BODY_PREFIX, a per-request tag and BODY_SUFFIX (files named in those
-- environment variables). The tag makes every article unique, so neither the cache nor single flight hides the work;
-- set CONSTANT=1 to send one identical body (cache measurements). PATH_TO sets the path (default /v1/digests).
-- At the end it prints one JSON line of results for bench/report.py.

local function slurp(name)
  local file = assert(io.open(os.getenv(name), "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local prefix, suffix, constant, path
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = slurp("BODY_PREFIX")
  suffix = slurp("BODY_SUFFIX")
  constant = os.getenv("CONSTANT") == "1"
  path = os.getenv("PATH_TO") or "/v1/digests"
  thread_id = id
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local tag = constant and "" or (thread_id .. "-" .. counter)
  return wrk.format("POST", path, nil, prefix .. tag .. suffix)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"rps":%.1f,"errors":%d,"non2xx":%d,"timeouts":%d,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"mean_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    errors.connect + errors.read + errors.write + errors.timeout + errors.status, errors.status, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000))
end
