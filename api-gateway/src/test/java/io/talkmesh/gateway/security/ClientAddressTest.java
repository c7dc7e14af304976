package io.talkmesh.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Trusted proxy ranges parse strictly (a bad entry fails the start naming the variable) and match by prefix. */
class ClientAddressTest {

  @Test
  void rangesMatchTheirAddressesOnly() {
    ClientAddress proxies = ClientAddress.parse("TALK_TRUSTED_PROXIES", List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));
    assertThat(proxies.trusts("10.200.3.4")).isTrue();
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
    assertThat(proxies.trusts("192.168.1.7")).isTrue();
    assertThat(proxies.trusts("192.168.1.8")).isFalse();
    assertThat(proxies.trusts("fd12::1")).isTrue();
    assertThat(proxies.trusts("fe80::1")).isFalse();
    assertThat(proxies.trusts("not-an-address")).isFalse();
    assertThat(ClientAddress.none().trusts("127.0.0.1")).isFalse();
  }

  @Test
  void aBadEntryFailsNamingTheVariable() {
    for (String bad : new String[] {"10.0.0.0/33", "example.com", "10.0.0.0/x", "1.2.3.4/8/9", ""}) {
      assertThatThrownBy(() -> ClientAddress.parse("TALK_TRUSTED_PROXIES", List.of(bad))).as(bad)
          .hasMessageContaining("TALK_TRUSTED_PROXIES");
    }
  }
}
