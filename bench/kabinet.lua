-- wrk script for P1: GET the cabinet of many different subscribers, each request with the next session.
-- wrk ... -s bench/kabinet.lua URL -- SESSIONS_FILE komis|baseline
--   komis:    GET /kabinet with that subscriber's session cookie
--   baseline: GET /kabinet/{code} of the same subscriber
-- (P4's fixed schedule is bench/fixedrate.c: wrk's Lua cannot tell a thread's connections apart, so a schedule per
-- connection needed a wrk thread per connection, 32 threads competing for the two cores they measured.)
dofile("bench/wrk-report.lua")

function init(args)
  local file, mode = args[1], args[2]
  sessions = {}
  for line in io.lines(file) do
    local code, cookie = line:match("^([^\t]+)\t(.+)$")
    if code then table.insert(sessions, { code = code, cookie = cookie }) end
  end
  baseline = (mode == "baseline")
  -- each thread starts at its own place in the list
  index = (id * 7919) % #sessions
  errors = 0
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
