-- wrk script for P1/P4: GET the cabinet of many different subscribers, each request with the next session.
-- wrk ... -s bench/kabinet.lua URL -- SESSIONS_FILE komis|baseline [REQUESTS_PER_SECOND CONNECTIONS]
--   komis:    GET /kabinet with that subscriber's session cookie
--   baseline: GET /kabinet/{code} of the same subscriber
-- With a rate, each connection paces itself (wrk's delay()) so that all of them together send that many per second.
dofile("bench/wrk-report.lua")

function init(args)
  local file, mode, rate, connections = args[1], args[2], tonumber(args[3] or "0"), tonumber(args[4] or "1")
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
    -- each connection waits this long between its requests (wrk's delay(), in ms)
    pause = 1000 * connections / rate
  end
end

function delay()
  return pause or 0
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
end
