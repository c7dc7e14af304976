-- Issue 15: full-text search and pins (docs/find.md).

-- The text search configuration messages are indexed with: one row, written at each start from
-- TALK_SEARCH_LANGUAGE. reindex_after is the progress of a re-index after the configuration changed (the last
-- message id done, in id order; NULL when none is pending), so a re-index cut short by a restart resumes.
CREATE TABLE talk_search_config (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  config        regconfig NOT NULL DEFAULT 'simple',
  reindex_after uuid
);
INSERT INTO talk_search_config DEFAULT VALUES;

-- A normal message's words; system messages ("X joined the conversation.") are notices, not content, and stay
-- NULL (never found). The trigger runs when text is written, so an edit re-indexes and a delete, which blanks the
-- text, empties it.
ALTER TABLE talk_messages ADD COLUMN tsv tsvector;
CREATE FUNCTION talk_messages_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tsv := CASE WHEN NEW.type = 'normal'
    THEN to_tsvector((SELECT config FROM talk_search_config), NEW.text) END;
  RETURN NEW;
END;
$$;
CREATE TRIGGER talk_messages_tsv BEFORE INSERT OR UPDATE OF text ON talk_messages
  FOR EACH ROW EXECUTE FUNCTION talk_messages_tsv();
UPDATE talk_messages SET tsv = to_tsvector('simple', text) WHERE type = 'normal';
CREATE INDEX talk_messages_tsv ON talk_messages USING gin (tsv);

-- Pinned messages. A pin of a message deleted later stays as a row but is never shown (every read joins the live
-- message); deleting the chat or the message row removes it.
CREATE TABLE talk_pins (
  chat_id     uuid NOT NULL REFERENCES talk_chats (id) ON DELETE CASCADE,
  message_id  uuid NOT NULL REFERENCES talk_messages (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL,
  owner_type  text NOT NULL,
  owner_id    uuid NOT NULL,
  tm_create   timestamptz NOT NULL,
  PRIMARY KEY (chat_id, message_id)
);
-- The chat's pins newest first, on the keyset (tm_create, message_id).
CREATE INDEX talk_pins_chat_list ON talk_pins (chat_id, tm_create DESC, message_id DESC);
