-- The outbox relay is woken in-process by the talk-manager that committed the change (and by a 1 s sweep), no
-- longer by NOTIFY: a NOTIFY takes a database-wide lock from pre-commit until its commit is flushed, so every
-- sending transaction committed one after another, without group commit.
DROP TRIGGER IF EXISTS talk_events_notify ON talk_events;
DROP FUNCTION IF EXISTS talk_events_notify();
