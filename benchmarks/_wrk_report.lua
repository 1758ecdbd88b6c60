-- wrk report for benchmarks/load.py (not a benchmark itself): after the run, one line
--   WRK-JSON: {"requests": ..., "rps": ..., "p50_ms": ..., "p95_ms": ..., "p99_ms": ..., ...}
-- Errors are what wrk counts: responses with a status of 400 or more ("status"; 2xx and 3xx
-- are fine), and socket errors (connect, read, write, timeout).
-- With WRK_COUNT_STATUSES=1 in the environment each thread also counts the responses per
-- status ("statuses": {"200": n, "304": m}); that costs wrk a Lua call per response, so
-- only the revisit of the map (If-None-Match) asks for it.

local function ms(microseconds)
  return string.format("%.3f", microseconds / 1000)
end

local threads = {}

if os.getenv("WRK_COUNT_STATUSES") == "1" then
  setup = function(thread)
    table.insert(threads, thread)
  end

  statuses = {}
  response = function(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

local function statuses_json()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

done = function(summary, latency, requests)
  local errors = summary.errors
  local socket = errors.connect + errors.read + errors.write + errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRK-JSON: {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"p50_ms": %s, "p95_ms": %s, "p99_ms": %s, "max_ms": %s, "mean_ms": %s, ' ..
    '"errors_status": %d, "errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_timeout": %d, "errors": %d, "statuses": %s}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)),
    ms(latency.max), ms(latency.mean),
    errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    errors.status + socket, statuses_json()))
end
