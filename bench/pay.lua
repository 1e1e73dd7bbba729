-- wrk script for P2: teller cash payments, end to end. Each request is a signed-in teller's cash form posted with
-- that session's antiforgery token and a new idempotency key; it pays 1.00 AZN of a random bench account's
-- oldest charge (each charge is at least 5 AZN, so a random account out of 1,000,000 is never overpaid).
-- wrk ... -s bench/pay.lua URL -- TELLERS_FILE RUN_ID
dofile("bench/wrk-report.lua")

function init(args)
  tellers = {}
  for line in io.lines(args[1]) do
    local cookie, token = line:match("^([^\t]+)\t(.+)$")
    if cookie then table.insert(tellers, { cookie = cookie, token = token }) end
  end
  run = args[2]
  n = 0
  errors = 0
  math.randomseed(os.time() * 1000 + id)
end

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  n = n + 1
  local t = tellers[(n + id) % #tellers + 1]
  local account = math.random(1, 4) * 1000000 + math.random(0, 249999)
  local body = "Lines%5B0%5D.AccountId=" .. account ..
    "&Lines%5B0%5D.Charges%5B0%5D.Period=2026-08&Lines%5B0%5D.Charges%5B0%5D.Selected=true&Lines%5B0%5D.Charges%5B0%5D.Amount=1.00" ..
    "&Lines%5B0%5D.Advance=&cashReceived=1.00&idempotencyKey=" .. string.format("%s-%d-%d", run, id, n) ..
    "&subscriberCode=&__RequestVerificationToken=" .. escape(t.token)
  return wrk.format("POST", "/staff/kassa/odenis", {
    ["Cookie"] = t.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  -- a paid form answers 302 to its receipt
  if status ~= 302 then errors = errors + 1 end
end
