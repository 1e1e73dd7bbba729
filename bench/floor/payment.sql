-- The floor of P2: one teller cash payment as the statements Komis sends for it (taken from PostgreSQL's log of a
-- bench payment, 2026-12-01), run by pgbench with no HTTP and no app: the branch's day held, the desk checks, the
-- account's debts, a receipt number, then order, payment, allocation, a two-line ledger journal, the outbox
-- message and the audit record, written in one pipeline (Komis sends them in one batch) and committed.
-- Run with PGOPTIONS='-c search_path=bench_floor,public' after setup.sql: the writes go to bench_floor's copies.
-- Prepared statements (-M prepared): the database's cheapest way to run them.
\set account random(1, 4) * 1000000 + random(0, 249999)
\set biller :account / 1000000
\set branch random(0, 4)
\set key random(1, 9000000000000000000)
BEGIN;
SELECT pg_advisory_xact_lock_shared(7414, :branch);
SELECT b.id AS branch_id, b.address, b.agent_id, b.city, b.code, b.is_active, b.name, a.id AS agent, a.code AS agent_code, a.is_active AS agent_active, a.kind, a.name AS agent_name, EXISTS (
    SELECT 1
    FROM branch_days AS b0
    WHERE b0.branch_id = b.id AND b0.date = CURRENT_DATE) AS "DayClosed", EXISTS (
    SELECT 1
    FROM payment_orders AS p
    WHERE p.idempotency_key = 'floor-' || :key::bigint) AS "AlreadyMade"
FROM branches AS b
INNER JOIN agents AS a ON b.agent_id = a.id
WHERE b.id = (SELECT id FROM branches ORDER BY code OFFSET :branch LIMIT 1)
LIMIT 2 \gset
SELECT b.id, b.account_number, b.address, b.as_of, b.biller_id, b.holder_fin, b.holder_name, b.status, b0.id, c.id, c.amount, c.biller_account_id, c.due_date, c.period, b0.category, b0.code, b0.max_payment, b0.min_payment, b0.mode, b0.online_endpoint, b0.settlement_bank, b0.settlement_iban, b0.status, b0.webhook_secret_protected, b0.webhook_url, b0.account_example, b0.account_pattern, b0.account_description_az, b0.account_description_en, b0.account_description_ru, b0.name_az, b0.name_en, b0.name_ru, s0."Period", s0."Amount", s0."IsAdvance"
FROM biller_accounts AS b
INNER JOIN billers AS b0 ON b.biller_id = b0.id
LEFT JOIN charges AS c ON b.id = c.biller_account_id
LEFT JOIN LATERAL (
    SELECT s.period AS "Period", COALESCE(sum(s.amount), 0.0) AS "Amount", s."IsAdvance"
    FROM (
        SELECT p.amount, p.period, p.period IS NULL AS "IsAdvance"
        FROM payment_allocations AS p
        INNER JOIN payments AS p0 ON p.payment_id = p0.id
        WHERE p0.biller_account_id = b.id AND p0.status = 'Paid' AND p0.paid_at > b.as_of
    ) AS s
    GROUP BY s."IsAdvance", s.period
) AS s0 ON TRUE
WHERE b.id = :account
ORDER BY b.id, b0.id, c.id, s0."IsAdvance";
SELECT lpad(nextval('receipt_number_seq')::text, 12, '0') AS receipt, gen_random_uuid() AS order_id, gen_random_uuid() AS payment_id, gen_random_uuid() AS journal_id, gen_random_uuid() AS teller FROM generate_series(1, 1) \gset
\startpipeline
INSERT INTO audit_records (action, actor, actor_user_id, at, branch_id, client_address, details, hash, previous_hash, sequence)
VALUES ('payment.cash', 'bench.kassir.04', :teller::uuid, now(), :branch_id::uuid, '127.0.0.1', 'order ' || replace(:order_id::text, '-', '') || ', 1 payment(s), 1,00 AZN', NULL, NULL, NULL)
RETURNING id;
INSERT INTO ledger_entries (account, created_at, credit, debit, journal_id, memo, payment_id)
VALUES ('branch-cash:' || replace(:branch_id::text, '-', ''), now(), 0, 1.00, :journal_id::uuid, 'payment', :payment_id::uuid)
RETURNING id;
INSERT INTO ledger_entries (account, created_at, credit, debit, journal_id, memo, payment_id)
VALUES ('biller-payable' || chr(58) || 'B' || :biller::int, now(), 1.00, 0, :journal_id::uuid, 'payment', :payment_id::uuid)
RETURNING id;
INSERT INTO outbox_messages (attempts, biller_id, created_at, delivered_at, delivered_via, kind, last_error, next_attempt_at, payload, payment_id)
VALUES (0, :biller::int, now(), NULL, NULL, 'PaymentPaid', NULL, now(),
        ('{"event": "payment.paid", "amount": 1.00, "paidAt": "' || now() || '", "channel": "BankBranch", "periods": [{"amount": 1.00, "period": "2026-08"}], "currency": "AZN", "paymentId": "' || :payment_id::uuid || '", "receiptNumber": "' || :receipt::text || '", "accountNumber": "' || :account::bigint || '"}')::jsonb,
        :payment_id::uuid)
RETURNING id;
INSERT INTO payment_orders (id, acquirer_reference, amount, branch_id, channel, completed_at, created_at, expires_at, fee, idempotency_key, service_point, status, subscriber_id, teller_id)
VALUES (:order_id::uuid, NULL, 1.00, :branch_id::uuid, 'BankBranch', now(), now(), now() + interval '15 minutes', 0, 'floor-' || :key::bigint, 'KB-002 Kapital Bank, Gəncə filialı', 'Paid', NULL, :teller::uuid);
INSERT INTO payments (id, account_number, amount, biller_account_id, biller_id, channel, created_at, fee, order_id, paid_at, receipt_number, reversal_reason, reversed_at, status)
VALUES (:payment_id::uuid, :account::bigint, 1.00, :account::bigint, :biller::int, 'BankBranch', now(), 0, :order_id::uuid, now(), :receipt::text, NULL, NULL, 'Paid');
INSERT INTO payment_allocations (amount, payment_id, period)
VALUES (1.00, :payment_id::uuid, '2026-08-01')
RETURNING id;
\endpipeline
COMMIT;
