-- wrk script: POSTs JSON bodies made of a prefix, a per-request tag and a suffix, taking the articles of the input set
-- in turn: BODY_DIR/<BODY_KIND>-<i>-prefix.json and -suffix.json for i in 0 .. BODY_COUNT-1 (bench/bodies.py writes
-- them). The tag makes every article unique, so neither the cache nor single flight hides the work; CONSTANT=1 sends
-- the first body, untagged, every time (cache measurements). PATH_TO sets the path (default /v1/digests); HEADERS
-- adds headers ("Name: value|Name: value"); TAG_PREFIX goes in front of every tag (a warm-up that must not send the
-- articles a later run sends). At the end it prints one JSON line of results for bench/report.py.

local function slurp(name)
  local file = assert(io.open(name, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local prefixes, suffixes, constant, path, tag = {}, {}, false, "/v1/digests", ""
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local dir, kind = os.getenv("BODY_DIR"), os.getenv("BODY_KIND") or "digest"
  local count = tonumber(os.getenv("BODY_COUNT") or "1")
  for i = 0, count - 1 do
    prefixes[i + 1] = slurp(dir .. "/" .. kind .. "-" .. i .. "-prefix.json")
    suffixes[i + 1] = slurp(dir .. "/" .. kind .. "-" .. i .. "-suffix.json")
  end
  constant = os.getenv("CONSTANT") == "1"
  path = os.getenv("PATH_TO") or "/v1/digests"
  tag = os.getenv("TAG_PREFIX") or ""
  wrk.headers["Content-Type"] = "application/json"
  for header in string.gmatch(os.getenv("HEADERS") or "", "[^|]+") do
    local name, value = header:match("^%s*([^:]+):%s*(.-)%s*$")
    wrk.headers[name] = value
  end
end

function request()
  counter = counter + 1
  if constant then
    return wrk.format("POST", path, nil, prefixes[1] .. suffixes[1])
  end
  local i = (counter - 1) % #prefixes + 1
  return wrk.format("POST", path, nil, prefixes[i] .. tag .. id .. "-" .. counter .. suffixes[i])
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
