package io.talkmesh.talkmanager.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.talkmanager.TalkRpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run-time parameters every connection of talk-manager's pools starts with (Database.connectOptions). */
class ConnectionSettingsIT {
  @RegisterExtension
  static final TalkRpc rpc = new TalkRpc();

  @Test
  void jitIsOffOnThePoolsConnections() {
    assertThat(rpc.rows("SHOW jit").get(0).getString(0)).isEqualTo("off");
  }
}
