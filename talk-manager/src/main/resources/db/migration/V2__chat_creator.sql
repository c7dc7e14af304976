-- Who created a chat: the older Chat API calls it the chat's owner_id. Chats created before this column have none.
ALTER TABLE talk_chats ADD COLUMN creator_type text;
ALTER TABLE talk_chats ADD COLUMN creator_id uuid;
