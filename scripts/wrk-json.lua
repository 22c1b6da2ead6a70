-- wrk-json.lua - makes wrk print its result as one JSON line in the shape
-- of build/loadgen --json, so the harness reads both the same way
-- (LOADGEN=wrk).  Latencies are in microseconds, as wrk records them.
done = function(summary, latency, requests)
  local e = summary.errors
  local function p(q) return latency:percentile(q) end
  io.write(string.format(
    '{"tool":"wrk","requests":%d,"duration_s":%.6f,"bytes_read":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"status":%d,"mismatch":0},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p99_9":%d,"p99_99":%d,' ..
    '"max":%d,"mean":%.3f}}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    p(50), p(90), p(99), p(99.9), p(99.99), latency.max, latency.mean))
end
