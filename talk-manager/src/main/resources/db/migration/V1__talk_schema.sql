-- talk-mesh schema: customers and agents (the agent directory), chats, participants, messages, and the
-- transactional outbox of domain events (also the per-chat event log that clients resume from).

CREATE TABLE customers (
  id         uuid PRIMARY KEY,
  name       text NOT NULL DEFAULT '',
  tm_create  timestamptz NOT NULL
);

CREATE TABLE agents (
  id            uuid PRIMARY KEY,
  customer_id   uuid NOT NULL REFERENCES customers (id),
  username      text NOT NULL,
  password_hash text NOT NULL,
  name          text NOT NULL DEFAULT '',
  detail        text NOT NULL DEFAULT '',
  permission    bigint NOT NULL,
  tm_create     timestamptz NOT NULL,
  tm_update     timestamptz NOT NULL,
  tm_delete     timestamptz
);
CREATE UNIQUE INDEX agents_username_live ON agents (username) WHERE tm_delete IS NULL;
CREATE INDEX agents_customer_list ON agents (customer_id, tm_create DESC, id DESC);

CREATE TABLE talk_chats (
  id           uuid PRIMARY KEY,
  customer_id  uuid NOT NULL,
  type         text NOT NULL CHECK (type IN ('direct', 'group', 'talk')),
  name         text NOT NULL DEFAULT '',
  detail       text NOT NULL DEFAULT '',
  member_count integer NOT NULL DEFAULT 0 CHECK (member_count >= 0),
  event_seq    bigint NOT NULL DEFAULT 0,
  tm_create    timestamptz NOT NULL,
  tm_update    timestamptz NOT NULL,
  tm_delete    timestamptz
);
CREATE INDEX talk_chats_customer_type ON talk_chats (customer_id, type, tm_create DESC, id DESC) WHERE tm_delete IS NULL;

CREATE TABLE talk_participants (
  id          uuid PRIMARY KEY,
  customer_id uuid NOT NULL,
  chat_id     uuid NOT NULL REFERENCES talk_chats (id) ON DELETE CASCADE,
  owner_type  text NOT NULL,
  owner_id    uuid NOT NULL,
  tm_joined   timestamptz NOT NULL,
  CONSTRAINT talk_participants_unique UNIQUE (chat_id, owner_type, owner_id)
);
CREATE INDEX talk_participants_owner ON talk_participants (owner_type, owner_id, chat_id);

CREATE TABLE talk_messages (
  id          uuid PRIMARY KEY,
  customer_id uuid NOT NULL,
  chat_id     uuid NOT NULL REFERENCES talk_chats (id) ON DELETE CASCADE,
  parent_id   uuid REFERENCES talk_messages (id) ON DELETE SET NULL,
  owner_type  text NOT NULL,
  owner_id    uuid NOT NULL,
  type        text NOT NULL CHECK (type IN ('normal', 'system')),
  text        text NOT NULL DEFAULT '',
  medias      jsonb NOT NULL DEFAULT '[]'::jsonb,
  reactions   jsonb NOT NULL DEFAULT '[]'::jsonb,
  tm_create   timestamptz NOT NULL,
  tm_update   timestamptz NOT NULL,
  tm_delete   timestamptz
);
CREATE INDEX talk_messages_chat_list ON talk_messages (chat_id, tm_create DESC, id DESC);
CREATE INDEX talk_messages_thread ON talk_messages (parent_id, tm_create DESC, id DESC) WHERE parent_id IS NOT NULL;

-- One row per domain event, written in the transaction of the change it describes. seq is the chat's event
-- number (1, 2, 3, ... no gaps, allocated from talk_chats.event_seq under the chat's row lock).
CREATE TABLE talk_events (
  position    bigserial PRIMARY KEY,
  id          uuid NOT NULL UNIQUE,
  customer_id uuid NOT NULL,
  chat_id     uuid NOT NULL,
  seq         bigint NOT NULL,
  type        text NOT NULL,
  data        jsonb NOT NULL,
  request_id  text NOT NULL DEFAULT '',
  tm_create   timestamptz NOT NULL,
  tm_relayed  timestamptz,
  CONSTRAINT talk_events_chat_seq UNIQUE (chat_id, seq)
);
CREATE INDEX talk_events_unrelayed ON talk_events (position) WHERE tm_relayed IS NULL;

-- Wakes the outbox relays (LISTEN talk_outbox) when events commit; identical notifications of one
-- transaction are folded into one by PostgreSQL.
CREATE FUNCTION talk_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('talk_outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER talk_events_notify AFTER INSERT ON talk_events
  FOR EACH STATEMENT EXECUTE FUNCTION talk_events_notify();
