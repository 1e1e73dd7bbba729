-- The benchmark's data set, written straight into a migrated Komis database (not through the UI):
--   1,000,000 biller accounts (250,000 for each of the four registry billers), 3 open charges each (3,000,000),
--   100,000 subscribers with 1-6 linked accounts each (350,000 links), and :tellers bench tellers spread over the
--   demo branches (the demo agents and branches come from the app's own `seed` command, run before this file).
-- psql variables: password_hash (an ASP.NET Core Identity V3 hash, the same for every bench login),
--                 totp_key (the tellers' authenticator key, base32), tellers (how many).
-- Bench logins are named so they cannot be mistaken for real ones: subscriber codes 9xxxxxxxxx from payload
-- 900000000 upwards, tellers "bench.kassir.NN".
\set ON_ERROR_STOP on
\timing off
SET synchronous_commit = on;

BEGIN;

CREATE OR REPLACE FUNCTION pg_temp.luhn_check_digit(payload text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT (10 - sum(CASE WHEN (length(payload) - i) % 2 = 0
                        THEN (substr(payload, i, 1)::int * 2) - CASE WHEN substr(payload, i, 1)::int * 2 > 9 THEN 9 ELSE 0 END
                        ELSE substr(payload, i, 1)::int END) % 10) % 10
    FROM generate_series(1, length(payload)) AS i
$$;

-- The four bench billers send registries (the demo turns one of them into an online biller answering from the
-- sandbox): every figure here is Komis's own work on its own data, as the baseline's is.
UPDATE billers SET mode = 'Registry', online_endpoint = NULL WHERE id IN (1, 2, 3, 4);

-- Accounts: biller b (1..4) holds ids b * 1,000,000 + n for n = 0..249,999, numbered in that biller's own format.
-- The demo accounts' numbers are random, so the few that coincide take a number from a second range instead.
CREATE OR REPLACE FUNCTION pg_temp.bench_number(b int, n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE b WHEN 1 THEN '7' || lpad(n::text, 9, '0')
                WHEN 2 THEN '7' || lpad(n::text, 7, '0')
                WHEN 3 THEN '7' || lpad(n::text, 11, '0')
                ELSE 'BE7' || lpad(n::text, 7, '0') END
$$;

INSERT INTO biller_accounts (id, biller_id, account_number, holder_name, address, holder_fin, status, as_of)
SELECT b * 1000000 + n, b, pg_temp.bench_number(b, n),
       'Abonent ' || b || '-' || n, 'Bakı, Nizami küç. ' || (n % 200) || ', m. ' || (n % 90), NULL, 'Active',
       timestamptz '2026-11-01 00:00:00+04'
  FROM generate_series(1, 4) AS b, generate_series(0, 249999) AS n
ON CONFLICT DO NOTHING;

INSERT INTO biller_accounts (id, biller_id, account_number, holder_name, address, holder_fin, status, as_of)
SELECT b * 1000000 + n, b, pg_temp.bench_number(b, n + 500000),
       'Abonent ' || b || '-' || n, 'Bakı, Nizami küç. ' || (n % 200) || ', m. ' || (n % 90), NULL, 'Active',
       timestamptz '2026-11-01 00:00:00+04'
  FROM generate_series(1, 4) AS b, generate_series(0, 249999) AS n
 WHERE NOT EXISTS (SELECT 1 FROM biller_accounts a WHERE a.id = b * 1000000 + n);

DO $$ BEGIN
  IF (SELECT count(*) FROM biller_accounts WHERE id >= 1000000) <> 1000000 THEN RAISE EXCEPTION 'bench accounts incomplete'; END IF;
END $$;

INSERT INTO charges (biller_account_id, period, amount, due_date)
SELECT a.id, p.period, round((5 + (a.id * 7 + p.k * 13) % 90 + ((a.id + p.k) % 100) / 100.0)::numeric, 2), p.due
  FROM biller_accounts a,
       (VALUES (0, date '2026-08-01', date '2026-09-20'), (1, date '2026-09-01', date '2026-10-20'), (2, date '2026-10-01', date '2026-11-20')) AS p(k, period, due)
 WHERE a.id >= 1000000;

-- Subscribers: i = 0..99,999; a user login (code + the shared bench password) and the subscriber.
CREATE TEMP TABLE bench_subscribers ON COMMIT DROP AS
SELECT i, gen_random_uuid() AS user_id, gen_random_uuid() AS subscriber_id,
       (900000000 + i)::text || pg_temp.luhn_check_digit((900000000 + i)::text) AS code
  FROM generate_series(0, 99999) AS i;

INSERT INTO users (id, must_change_password, created_at, user_name, normalized_user_name, email_confirmed, password_hash,
                   security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
SELECT user_id, false, now(), code, code, false, :'password_hash',
       upper(replace(gen_random_uuid()::text, '-', '')), gen_random_uuid()::text, false, false, true, 0
  FROM bench_subscribers;

INSERT INTO subscribers (id, user_id, code, full_name, fin_hash, id_card_hash, id_card_masked, channel, registered_at)
SELECT subscriber_id, user_id, code, 'Bençmarkov Abonent ' || i,
       sha256(convert_to('bench-fin-' || i, 'UTF8')), sha256(convert_to('bench-card-' || i, 'UTF8')),
       'AA' || lpad((i % 10000)::text, 4, '0') || '***', 'Internet', now()
  FROM bench_subscribers;

-- Links: subscriber i has 1 + i % 6 accounts; link j is account (j % 4 + 1, 2i + j / 4): never shared.
INSERT INTO subscriber_accounts (subscriber_id, biller_account_id, linked_at)
SELECT s.subscriber_id, (j % 4 + 1) * 1000000 + 2 * s.i + j / 4, now()
  FROM bench_subscribers s, generate_series(0, 5) AS j
 WHERE j < 1 + s.i % 6;

-- Tellers: bench.kassir.01.. over the demo branches, authenticator already set up with the bench key.
CREATE TEMP TABLE bench_tellers ON COMMIT DROP AS
SELECT t, gen_random_uuid() AS user_id, 'bench.kassir.' || lpad(t::text, 2, '0') AS user_name, b.id AS branch_id, b.agent_id
  FROM generate_series(1, :tellers) AS t
  JOIN LATERAL (SELECT id, agent_id FROM branches ORDER BY code OFFSET (t - 1) % (SELECT count(*) FROM branches) LIMIT 1) b ON true;

INSERT INTO users (id, must_change_password, created_at, user_name, normalized_user_name, email_confirmed, password_hash,
                   security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, totp_confirmed_at)
SELECT user_id, false, now(), user_name, upper(user_name), false, :'password_hash',
       upper(replace(gen_random_uuid()::text, '-', '')), gen_random_uuid()::text, false, true, true, 0, now()
  FROM bench_tellers;

INSERT INTO user_tokens (user_id, login_provider, name, value)
SELECT user_id, '[AspNetUserStore]', 'AuthenticatorKey', :'totp_key' FROM bench_tellers;

INSERT INTO staff_members (user_id, full_name, role, agent_id, branch_id, biller_id, is_active)
SELECT user_id, 'Bench Kassir ' || t, 'Teller', agent_id, branch_id, NULL, true FROM bench_tellers;

CREATE TABLE bench_info (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO bench_info VALUES ('version', '1'), ('created_at', now()::text);

SELECT setval(pg_get_serial_sequence('biller_accounts', 'id'), (SELECT max(id) FROM biller_accounts));

COMMIT;

-- Vacuumed as well as analysed: the freshly loaded tables get their visibility map now (index-only scans) instead
-- of from autovacuum's insert-triggered passes over millions of rows, which would otherwise run through the first
-- measurements and take a core of their own.
VACUUM (ANALYZE);
