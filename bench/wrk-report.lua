-- Shared by bench/kabinet.lua and bench/pay.lua (loaded with dofile from the repository root): numbers each wrk
-- thread, counts unexpected answers per thread and prints one machine-readable RESULT line at the end.
local threads_started = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads_started, thread)
end

local function percentile(sorted, p)
  if #sorted == 0 then return -1 end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))]
end

-- With a schedule (bench/kabinet.lua with a rate), slot_p50_ms/slot_p99_ms time each request from its slot; else -1.
function done(summary, latency, requests)
  local failed, slotted = 0, {}
  for _, t in ipairs(threads_started) do
    failed = failed + (t:get("errors") or 0)
    for _, v in ipairs(t:get("slot_latencies") or {}) do slotted[#slotted + 1] = v end
  end
  table.sort(slotted)
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d socket_errors=%d slot_p50_ms=%.2f slot_p99_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    percentile(slotted, 50), percentile(slotted, 99)))
end
