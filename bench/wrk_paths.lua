-- wrk script for bench/load_test: GET a list of paths in turn, print a JSON summary.
--
--   wrk -t1 -c16 -d10s -s bench/wrk_paths.lua https://127.0.0.1:8443 -- PATHS_FILE [COOKIE] [unique START]
--
-- PATHS_FILE holds one path per line ("/kk/help/?q=..."); each thread starts at a different
-- line. COOKIE, when not empty, is sent as the Cookie header (a signed-in learner's session).
-- "unique" adds a parameter the views ignore (n=<counter>) to every request, so that no two
-- requests have the same URL and a URL-keyed page cache never answers: the app's own speed.
-- The counter starts at START, which the caller must choose anew for every run: Lua's random
-- numbers start from the same seed in every wrk process, so a counter started at random would
-- repeat the previous run's URLs, and the page cache would answer them (stale or not). With
-- "unique" the responses' X-Cache values are counted too, to show that the cache never answered.
-- The last line printed is JSON: requests, seconds, errors, latency percentiles in ms, and with
-- "unique" the X-Cache counts.

local paths = {}
local next_index = 0
local unique = false
local serial = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  -- What a browser sends; nginx and the page cache see the same requests as from locust.
  wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
  wrk.headers["User-Agent"] = "bench-load-test (wrk)"
  if args[2] and #args[2] > 0 then
    wrk.headers["Cookie"] = args[2]
  end
  unique = args[3] == "unique"
  next_index = math.random(#paths)
  if unique then
    serial = assert(tonumber(args[4]), "unique needs a START counter")
    response = count_cache_status
  end
end

cache_statuses = {}

function count_cache_status(status, headers, body)
  local value = headers["X-Cache"] or headers["x-cache"] or "none"
  cache_statuses[value] = (cache_statuses[value] or 0) + 1
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  next_index = next_index % #paths + 1
  local path = paths[next_index]
  if unique then
    serial = serial + 1
    path = path .. (path:find("?", 1, true) and "&" or "?") .. "n=" .. serial
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local statuses = {}
  for _, thread in ipairs(threads) do
    for value, count in pairs(thread:get("cache_statuses") or {}) do
      statuses[#statuses + 1] = string.format('"%s": %d', value, count)
    end
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"x_cache_counts": {' .. table.concat(statuses, ", ") .. '}, '
      .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "mean_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000
  ))
end
