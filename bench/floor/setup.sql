-- The floor of P2: the six tables a cash payment writes, copied with everything that costs on insert (columns,
-- defaults, identity, checks, primary keys and indexes: LIKE ... INCLUDING ALL) and the same foreign keys, in a
-- schema of their own, so pgbench can run the payment's own statements without touching Komis's books.
-- (The copies start empty; Komis's tables hold the bench's earlier payments. Their update/delete/truncate guards
-- are left out: a payment only inserts.)
DROP SCHEMA IF EXISTS bench_floor CASCADE;
CREATE SCHEMA bench_floor;
CREATE TABLE bench_floor.payment_orders (LIKE public.payment_orders INCLUDING ALL);
CREATE TABLE bench_floor.payments (LIKE public.payments INCLUDING ALL);
CREATE TABLE bench_floor.payment_allocations (LIKE public.payment_allocations INCLUDING ALL);
CREATE TABLE bench_floor.ledger_entries (LIKE public.ledger_entries INCLUDING ALL);
CREATE TABLE bench_floor.outbox_messages (LIKE public.outbox_messages INCLUDING ALL);
CREATE TABLE bench_floor.audit_records (LIKE public.audit_records INCLUDING ALL);
DO $$
DECLARE c record;
BEGIN
  -- the foreign keys as in public: to the floor's own copies where the parent is one of them, else to public's
  FOR c IN
    SELECT k.conrelid::regclass::text AS child, k.conname, pg_get_constraintdef(k.oid) AS def, k.confrelid::regclass::text AS parent
      FROM pg_constraint k
     WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace
       AND k.conrelid::regclass::text IN ('payment_orders', 'payments', 'payment_allocations', 'ledger_entries', 'outbox_messages', 'audit_records')
  LOOP
    EXECUTE format('ALTER TABLE bench_floor.%I ADD CONSTRAINT %I %s', c.child, c.conname,
      CASE WHEN c.parent IN ('payment_orders', 'payments', 'payment_allocations', 'ledger_entries', 'outbox_messages', 'audit_records')
           THEN replace(c.def, 'REFERENCES ' || c.parent || '(', 'REFERENCES bench_floor.' || c.parent || '(')
           ELSE replace(c.def, 'REFERENCES ' || c.parent || '(', 'REFERENCES public.' || c.parent || '(') END);
  END LOOP;
END $$;
CREATE SEQUENCE bench_floor.receipt_number_seq;
