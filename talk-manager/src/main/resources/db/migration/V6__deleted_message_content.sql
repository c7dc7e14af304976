-- Issue 11: a deleted message keeps no content. Rows deleted before this version are blanked like new deletes
-- (MessageStore.DELETE), and their earlier events in the log are redacted (Outbox.REDACT_MESSAGE), so no read
-- path or resume shows a deleted text again.
UPDATE talk_events e SET data = e.data || jsonb_build_object('text', '', 'medias', '[]'::jsonb,
    'metadata', jsonb_build_object('reactions', '[]'::jsonb))
  FROM talk_messages m
  WHERE m.tm_delete IS NOT NULL AND e.chat_id = m.chat_id AND e.data->>'id' = m.id::text
    AND e.type IN ('chatmessage_created', 'chatmessage_updated', 'chatmessage_reaction_updated', 'chatmessage_deleted');

UPDATE talk_messages SET text = '', medias = '[]'::jsonb, reactions = '[]'::jsonb
  WHERE tm_delete IS NOT NULL AND (text <> '' OR medias <> '[]'::jsonb OR reactions <> '[]'::jsonb);
