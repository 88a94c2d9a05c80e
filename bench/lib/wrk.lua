-- wrk script for bench/run.sh: sets the request, optionally paces it, and writes a JSON summary.
--
-- Environment (all optional except BENCH_OUT):
--   BENCH_METHOD   request method (default GET)
--   BENCH_BODY     request body
--   BENCH_RATE     requests per second for the whole run; 0 or unset = as fast as possible
--   BENCH_OUT      file the JSON summary is written to
-- Headers are passed with wrk's own -H.
--
-- Pacing. wrk (unlike wrk2) has no rate option, but it calls delay() before every request on every
-- connection and waits that many milliseconds. delay() here hands out send slots from one schedule
-- spaced 1/rate apart, shared by all connections of the thread, so the whole run sends at `rate`
-- whatever the number of connections, as long as enough connections are idle (run with more
-- connections than rate x latency). wrk's timers have 1 ms resolution, so each wait is rounded up or
-- down at random in proportion to its fraction: the mean rate is exact, requests leave in small
-- bursts on millisecond ticks (rate/1000 per tick). Slots missed because every connection was busy are
-- dropped, not sent late in a burst, so an overloaded target shows as an achieved rate below the
-- target. Latency is wrk's, measured from the moment the request is written, so like wrk it does not
-- correct for coordinated omission; the achieved rate in the summary tells when that matters.

local method = os.getenv("BENCH_METHOD")
local body = os.getenv("BENCH_BODY")
local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
local out = os.getenv("BENCH_OUT")

wrk.method = (method and method ~= "") and method or "GET"
if body and body ~= "" then
  wrk.body = body
end

if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    struct bench_timespec { long tv_sec; long tv_nsec; };
    int clock_gettime(int clk_id, struct bench_timespec *tp);
  ]]
  local ts = ffi.new("struct bench_timespec")
  local CLOCK_MONOTONIC = 1
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval = 1000 / rate
  local next_at = nil
  math.randomseed(os.time())

  function delay()
    local now = now_ms()
    if next_at == nil or next_at < now then
      next_at = now -- first call, or every connection was busy: drop the missed slots
    end
    local wait = next_at - now
    next_at = next_at + interval
    local whole = math.floor(wait)
    if math.random() < wait - whole then
      whole = whole + 1
    end
    return whole
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local f = assert(io.open(out, "w"))
  f:write(string.format(
    '{"duration_us":%d,"requests":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"mean":%.1f,"stdev":%.1f,"min":%d,"max":%d,' ..
    '"p50":%d,"p90":%d,"p99":%d,"p999":%d},"target_rate":%s}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.min, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    tostring(rate)))
  f:close()
end
