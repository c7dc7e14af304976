-- The talks API (seed 003, docs/talks-api.md) gives a chat a state: active, or closed (no new messages, participants
-- or reactions until a participant reopens it; a direct or group chat whose last participant left is closed).
ALTER TABLE talk_chats ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed'));
