-- Issue 14 item 7: VoIPBIN's agent API.
-- Permission bits as VoIPBIN's: 32 is CustomerAdmin and 64 CustomerManager (talk-mesh had them the other way round).
-- Swapping the two bits of every agent keeps each one's powers: an old admin (0x40) becomes 0x20, a manager 0x40.
UPDATE agents SET permission = (permission & ~96::bigint) | ((permission & 32) << 1) | ((permission & 64) >> 1)
  WHERE permission & 96 <> 0;

-- What VoIPBIN's agent carries and talk-mesh stores as set (it rings nobody and tracks no presence).
ALTER TABLE agents ADD COLUMN ring_method text NOT NULL DEFAULT 'ringall' CHECK (ring_method IN ('ringall', 'linear'));
ALTER TABLE agents ADD COLUMN status text NOT NULL DEFAULT 'offline'
  CHECK (status IN ('available', 'away', 'busy', 'offline', 'ringing'));

-- Revocation: tokens issued before sessions_valid_after are dead, except the one whose jti is sessions_kept (the
-- session that changed its own password). access_version grows with every change of the agent's access
-- (permission, deletion, sessions), so gateways and push instances keep the newest state they heard of.
ALTER TABLE agents ADD COLUMN sessions_valid_after timestamptz;
ALTER TABLE agents ADD COLUMN sessions_kept text;
ALTER TABLE agents ADD COLUMN access_version bigint NOT NULL DEFAULT 1;
