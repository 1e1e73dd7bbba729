-- wrk script for P2: teller cash payments, end to end. Each request is a signed-in teller's cash form posted with
-- that session's antiforgery token and a new idempotency key; it pays 1.00 AZN of the August charge of a random
-- account from PAYABLE_FILE, which bench/run.sh writes before P2: 200,000 bench accounts whose August charge still
-- has at least 5.00 AZN to pay (so a round's ~5,000 payments, each 1.00, never overpay one). Until 2026-12-02 the
-- account was any of the 1,000,000, and the payments of earlier runs on the kept data set (registry imports renew
-- only the first biller's accounts) had begun to use some of them up: a 422 a run.
-- wrk ... -s bench/pay.lua URL -- TELLERS_FILE RUN_ID PAYABLE_FILE
dofile("bench/wrk-report.lua")

function init(args)
  tellers = {}
  for line in io.lines(args[1]) do
    local cookie, token = line:match("^([^\t]+)\t(.+)$")
    if cookie then table.insert(tellers, { cookie = cookie, token = token }) end
  end
  run = args[2]
  payable = {}
  for line in io.lines(args[3]) do
    if line ~= "" then table.insert(payable, line) end
  end
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
  local account = payable[math.random(1, #payable)]
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
