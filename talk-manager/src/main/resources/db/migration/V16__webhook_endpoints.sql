-- Issue 17: customers' webhook endpoints (docs/webhooks.md). An endpoint is where webhook-service POSTs the events of
-- event_types (empty: every type), signed with secret (an HMAC key, so kept as it is: the signer needs it). A
-- deleted endpoint keeps its row with tm_delete set and is gone from every read; a customer holds at most 20 live
-- ones (counted under the customer's row lock).
CREATE TABLE talk_webhook_endpoints (
  id          uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers (id),
  url         text NOT NULL,
  event_types text[] NOT NULL DEFAULT '{}',
  description text NOT NULL DEFAULT '',
  enabled     boolean NOT NULL DEFAULT true,
  secret      text NOT NULL,
  tm_create   timestamptz NOT NULL,
  tm_update   timestamptz NOT NULL,
  tm_delete   timestamptz
);
-- The customer's live endpoints newest first, on the keyset (tm_create, id); also the active lookup and the count.
CREATE INDEX talk_webhook_endpoints_customer_list ON talk_webhook_endpoints (customer_id, tm_create DESC, id DESC)
  WHERE tm_delete IS NULL;

-- The delivery log: one row per attempt webhook-service reports. Rows name live endpoints only (a report about a
-- deleted endpoint stores nothing); an endpoint's log is read newest first on the keyset (tm_create, id), and old
-- rows are purged after 30 days (Retention).
CREATE TABLE talk_webhook_deliveries (
  id            uuid PRIMARY KEY,
  endpoint_id   uuid NOT NULL REFERENCES talk_webhook_endpoints (id) ON DELETE CASCADE,
  event_id      uuid NOT NULL,
  event_type    text NOT NULL,
  chat_id       uuid,
  seq           bigint,
  attempt       integer NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'parked')),
  status_code   integer,
  error         text,
  latency_ms    bigint NOT NULL,
  next_retry_at timestamptz,
  tm_create     timestamptz NOT NULL
);
CREATE INDEX talk_webhook_deliveries_endpoint_log ON talk_webhook_deliveries (endpoint_id, tm_create DESC, id DESC);
CREATE INDEX talk_webhook_deliveries_time ON talk_webhook_deliveries (tm_create);

-- The dead-letter store: events webhook-service gave up on, one per endpoint and event (a second park is a no-op).
-- An admin's replay sets tm_replay and appends webhook_replay_requested to the endpoint's own event stream, numbered
-- by event_seq as chats number theirs (routing key <customer>.<endpoint_id>.webhook_replay_requested).
ALTER TABLE talk_webhook_endpoints ADD COLUMN event_seq bigint NOT NULL DEFAULT 0;
CREATE TABLE talk_webhook_parked (
  id          uuid PRIMARY KEY,
  endpoint_id uuid NOT NULL REFERENCES talk_webhook_endpoints (id) ON DELETE CASCADE,
  event_id    uuid NOT NULL,
  event       jsonb NOT NULL,
  reason      text NOT NULL DEFAULT '',
  attempts    integer NOT NULL,
  tm_create   timestamptz NOT NULL,
  tm_replay   timestamptz,
  CONSTRAINT talk_webhook_parked_once UNIQUE (endpoint_id, event_id)
);
-- An endpoint's parked events newest first, on the keyset (tm_create, id).
CREATE INDEX talk_webhook_parked_endpoint_list ON talk_webhook_parked (endpoint_id, tm_create DESC, id DESC);
