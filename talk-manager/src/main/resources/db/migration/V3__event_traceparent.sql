-- The W3C traceparent of the request that caused an event, relayed as the event's traceparent header.
ALTER TABLE talk_events ADD COLUMN traceparent text NOT NULL DEFAULT '';
