-- Issue 16: live presence (docs/websocket.md, "Presence"). An agent is online while it has a WebSocket session on
-- some push-service instance. Each instance reports which agents it holds sessions of (talk_agent_sessions) and
-- renews its own row (talk_push_instances.expires_at) by heartbeat; an instance that stops renewing (kill -9, a
-- partition) expires and its rows go with it. agents.online is derived from those rows under the agent's row lock;
-- offline_at delays the offline transition by a grace period so a page reload or a move to another instance does not
-- flap. presence = status while online, 'offline' otherwise.
CREATE TABLE talk_push_instances (
  instance_id uuid PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  tm_create timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX talk_push_instances_expiry ON talk_push_instances (expires_at);

CREATE TABLE talk_agent_sessions (
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  instance_id uuid NOT NULL REFERENCES talk_push_instances (instance_id) ON DELETE CASCADE,
  PRIMARY KEY (agent_id, instance_id)
);
CREATE INDEX talk_agent_sessions_instance ON talk_agent_sessions (instance_id);

ALTER TABLE agents ADD COLUMN online boolean NOT NULL DEFAULT false;
ALTER TABLE agents ADD COLUMN offline_at timestamptz;
ALTER TABLE agents ADD COLUMN tm_presence timestamptz;
CREATE INDEX agents_offline_due ON agents (offline_at) WHERE offline_at IS NOT NULL;
