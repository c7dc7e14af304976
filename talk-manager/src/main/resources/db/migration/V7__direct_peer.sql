-- A direct chat belongs to two agents for good: its creator and the first other agent that entered it. Either may
-- leave and come back; nobody else may ever enter, so a 1:1 history never reaches a third agent.
ALTER TABLE talk_chats ADD COLUMN direct_peer_id uuid;
UPDATE talk_chats c SET direct_peer_id = (
    SELECT p.owner_id FROM talk_participants p
    WHERE p.chat_id = c.id AND p.owner_id IS DISTINCT FROM c.creator_id
    ORDER BY p.tm_joined, p.id LIMIT 1)
  WHERE c.type = 'direct';
