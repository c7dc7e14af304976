-- Customers get VoIPBIN's fields (issue 14 item 8): contact details and the webhook a customer's events will be
-- delivered to (issue 17), update and soft-delete times. Existing customers keep their name and creation time.
ALTER TABLE customers
  ADD COLUMN detail         text NOT NULL DEFAULT '',
  ADD COLUMN email          text NOT NULL DEFAULT '',
  ADD COLUMN phone_number   text NOT NULL DEFAULT '',
  ADD COLUMN address        text NOT NULL DEFAULT '',
  ADD COLUMN webhook_method text NOT NULL DEFAULT '' CHECK (webhook_method IN ('', 'POST', 'GET', 'PUT', 'DELETE')),
  ADD COLUMN webhook_uri    text NOT NULL DEFAULT '',
  ADD COLUMN tm_update      timestamptz,
  ADD COLUMN tm_delete      timestamptz;
UPDATE customers SET tm_update = tm_create;
ALTER TABLE customers ALTER COLUMN tm_update SET NOT NULL;
-- The platform operator's listing: live customers, newest first, on the keyset (tm_create, id).
CREATE INDEX customers_live_list ON customers (tm_create DESC, id DESC) WHERE tm_delete IS NULL;

-- Project permission bits (VoIPBIN's 0x000F: PermissionProjectSuperAdmin 0x0001 and the three after it) belong to
-- the platform operator alone, who does not exist before this migration; agents created earlier with any of them
-- (POST /agents took any bits) lose them, so no customer's agent is ever taken for the operator.
UPDATE agents SET permission = permission & ~15::bigint WHERE permission & 15 <> 0;
