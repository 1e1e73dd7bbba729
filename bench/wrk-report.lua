-- Shared by bench/kabinet.lua and bench/pay.lua (loaded with dofile from the repository root): numbers each wrk
-- thread, counts unexpected answers per thread and prints one machine-readable RESULT line at the end.
local threads_started = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads_started, thread)
end

-- (bench/fixedrate.c prints the same line for P4, with slot_p50_ms/slot_p99_ms timed from each request's slot.)
function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads_started) do
    failed = failed + (t:get("errors") or 0)
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
