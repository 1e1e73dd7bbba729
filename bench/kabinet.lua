-- wrk script for P1/P4: GET the cabinet of many different subscribers, each request with the next session.
-- wrk ... -s bench/kabinet.lua URL -- SESSIONS_FILE komis|baseline [REQUESTS_PER_SECOND THREADS]
--   komis:    GET /kabinet with that subscriber's session cookie
--   baseline: GET /kabinet/{code} of the same subscriber
-- With a rate (P4), wrk2-style: run with as many threads as connections (wrk -tN -cN), so each thread drives one
-- connection, and each connection sends its k-th request at start + k × interval (its share of the rate; the
-- connections' schedules evenly staggered). A request is timed from its slot, not from when it could be sent: an
-- answer that comes late delays the connection's next request, and that wait counts in the next one's latency
-- (no coordinated omission). wrk's own histogram times from the sending; these figures are reported as
-- p50_ms/p99_ms, the slot-timed ones as slot_p50_ms/slot_p99_ms (bench/wrk-report.lua).
dofile("bench/wrk-report.lua")

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } komis_timespec;
  int clock_gettime(int clock_id, komis_timespec *tp);
]]
local clock = ffi.new("komis_timespec")
local function now_ms() -- CLOCK_MONOTONIC
  ffi.C.clock_gettime(1, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

function init(args)
  -- THREADS: wrk's -t (init runs as each thread is made, before the next one exists, so it cannot count them)
  local file, mode, rate = args[1], args[2], tonumber(args[3] or "0")
  threads = tonumber(args[4] or "1")
  sessions = {}
  for line in io.lines(file) do
    local code, cookie = line:match("^([^\t]+)\t(.+)$")
    if code then table.insert(sessions, { code = code, cookie = cookie }) end
  end
  baseline = (mode == "baseline")
  -- each thread starts at its own place in the list
  index = (id * 7919) % #sessions
  errors = 0
  if rate > 0 then
    interval = 1000 * threads / rate -- this thread's (so this connection's) share of the rate, ms between slots
    slot_latencies = {}
  end
end

function delay()
  if not interval then return 0 end
  local now = now_ms()
  -- the first slot: the threads' schedules evenly staggered across one interval
  next_slot = next_slot or (now + interval * (id - 1) / threads)
  slot = next_slot
  next_slot = next_slot + interval
  return math.max(0, math.ceil(slot - now)) -- never before the slot: wrk's timer is in whole ms
end

function request()
  index = index % #sessions + 1
  local s = sessions[index]
  if baseline then
    return wrk.format("GET", "/kabinet/" .. s.code)
  end
  return wrk.format("GET", "/kabinet", { ["Cookie"] = s.cookie })
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
  if slot then
    slot_latencies[#slot_latencies + 1] = now_ms() - slot
    slot = nil
  end
end
