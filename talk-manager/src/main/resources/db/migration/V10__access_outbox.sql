-- The access outbox: one row per change of an agent's access (permission, deletion, sessions cut-off), written in
-- the transaction of the change and relayed to the access exchange, then deleted. A talk-manager that dies between
-- commit and publish leaves the row for the next relay: no change is lost.
CREATE TABLE talk_access_changes (
  position   bigserial PRIMARY KEY,
  agent_id   uuid NOT NULL,
  data       jsonb NOT NULL,
  tm_create  timestamptz NOT NULL DEFAULT now()
);
