-- Issue 15: read state, unread and mention counts (docs/read-state.md).
-- A chat numbers its normal messages 1, 2, 3, ... (msg_count is the last number; it never goes down). A message
-- carries its ordinal: a normal message its own number, a system message the number of normal messages before it.
-- Each participant keeps a read pointer (read_ordinal) and unread_skip, how many normal messages after the pointer
-- do not count for it (its own, and deleted ones). So, for the participant:
--   unread_count = msg_count - read_ordinal - unread_skip
-- read in O(1) from the chat row and the participant row a chat list reads anyway; sends touch only the author's
-- row, a delete only the rows whose pointer is before the deleted message, a mark only the marker's row.
ALTER TABLE talk_chats ADD COLUMN msg_count bigint NOT NULL DEFAULT 0 CHECK (msg_count >= 0);
ALTER TABLE talk_messages ADD COLUMN ordinal bigint NOT NULL DEFAULT 0;
-- The agents a message mentions (participants of the chat when it was sent; docs/read-state.md).
ALTER TABLE talk_messages ADD COLUMN mentions uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE talk_participants ADD COLUMN read_ordinal bigint NOT NULL DEFAULT 0 CHECK (read_ordinal >= 0);
ALTER TABLE talk_participants ADD COLUMN unread_skip bigint NOT NULL DEFAULT 0 CHECK (unread_skip >= 0);
ALTER TABLE talk_participants ADD COLUMN mention_count integer NOT NULL DEFAULT 0 CHECK (mention_count >= 0);
ALTER TABLE talk_participants ADD COLUMN read_message_id uuid;
ALTER TABLE talk_participants ADD COLUMN tm_read timestamptz;
-- The agent's own event stream (events only its sessions receive, e.g. chat_read): numbered like a chat's.
ALTER TABLE agents ADD COLUMN event_seq bigint NOT NULL DEFAULT 0;

-- Existing data: messages numbered in the order they were sent, every participant has read everything.
WITH numbered AS (
  SELECT id, sum(CASE WHEN type = 'normal' THEN 1 ELSE 0 END) OVER (PARTITION BY chat_id ORDER BY tm_create, id) AS n
  FROM talk_messages)
UPDATE talk_messages m SET ordinal = numbered.n FROM numbered WHERE m.id = numbered.id AND numbered.n <> 0;
UPDATE talk_chats c SET msg_count = s.n
  FROM (SELECT chat_id, count(*) AS n FROM talk_messages WHERE type = 'normal' GROUP BY chat_id) s
  WHERE c.id = s.chat_id;
UPDATE talk_participants p SET read_ordinal = c.msg_count FROM talk_chats c WHERE c.id = p.chat_id AND c.msg_count > 0;

-- A mark recounts the messages after the new pointer that do not count (own, deleted), and "first unread" starts
-- there: both are ranges of this index, as long as what is left unread.
CREATE INDEX talk_messages_chat_ordinal ON talk_messages (chat_id, ordinal);
