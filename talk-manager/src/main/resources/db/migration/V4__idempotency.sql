-- Results of mutations by dedupe scope (a client's Idempotency-Key for an agent and route, or an RPC's
-- correlation id), written in the mutation's own transaction: a retry or a broker redelivery gets the stored
-- result and has no second effect. Kept TALK_IDEMPOTENCY_TTL_HOURS (default 24).
CREATE TABLE talk_idempotency (
  scope     text PRIMARY KEY,
  response  jsonb,
  tm_create timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX talk_idempotency_age ON talk_idempotency (tm_create);
