package io.talkmesh.common.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTest {
  private final TargetPolicy strict = TargetPolicy.of("");

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
      "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "224.0.0.1", "255.255.255.255", "::1", "::",
      "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
      "2001:db8::1", "198.18.0.1", "192.0.0.8"})
  void refusesEveryNonPublicAddress(String address) throws Exception {
    assertThat(strict.allows(InetAddress.getByName(address))).as(address).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "1.1.1.1"})
  void allowsPublicAddresses(String address) throws Exception {
    assertThat(strict.allows(InetAddress.getByName(address))).as(address).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/hook", "http://[::1]:8080/", "https://169.254.169.254/latest/meta-data/",
      "http://10.0.0.5/", "http://[::ffff:127.0.0.1]/", "http://localhost:9000/", "http://api.localhost/",
      "http://0x7f000001/", "http://2130706433/", "http://017700000001/", "http://127.1/"})
  void refusesUrlsOfTheNeighbourhood(String url) {
    assertThatThrownBy(() -> strict.checkUrl(url)).as(url).isInstanceOf(TalkException.class)
        .satisfies(e -> assertThat(((TalkException) e).reason()).isIn("WEBHOOK_TARGET_REFUSED", "INVALID_WEBHOOK_URL"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com", "http://user:pw@example.com/",
      "//example.com/x", "example.com/hook", "http:///nohost", "http://example.com:0/", "http://example.com:70000/",
      "https://example.com/#frag", "", "   "})
  void refusesMalformedUrls(String url) {
    assertThatThrownBy(() -> strict.checkUrl(url)).as(url).isInstanceOf(TalkException.class)
        .satisfies(e -> assertThat(((TalkException) e).reason()).isEqualTo("INVALID_WEBHOOK_URL"));
  }

  @Test
  void refusesOverlongUrls() {
    assertThatThrownBy(() -> strict.checkUrl("https://example.com/" + "a".repeat(TargetPolicy.MAX_URL)))
        .isInstanceOf(TalkException.class);
  }

  @Test
  void acceptsPublicNamesAndAddresses() {
    assertThat(strict.checkUrl("https://hooks.example.com/talk?x=1").getHost()).isEqualTo("hooks.example.com");
    assertThat(strict.checkUrl("http://93.184.216.34:8443/in").getPort()).isEqualTo(8443);
  }

  @Test
  void theAllowListOpensExactlyItsBlocks() throws Exception {
    TargetPolicy tests = TargetPolicy.fromEnv(Map.of(TargetPolicy.VARIABLE, "127.0.0.1/32, 10.8.0.0/16"));
    assertThat(tests.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(tests.allows(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
    assertThat(tests.allows(InetAddress.getByName("127.0.0.2"))).isFalse();
    assertThat(tests.allows(InetAddress.getByName("10.8.200.1"))).isTrue();
    assertThat(tests.allows(InetAddress.getByName("10.9.0.1"))).isFalse();
    assertThat(tests.allows(InetAddress.getByName("169.254.169.254"))).isFalse();
    assertThat(tests.checkUrl("http://127.0.0.1:4000/hook").getPort()).isEqualTo(4000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "10.0.0.0/33", "10.0.0.0/x", "example.com/8"})
  void aBadAllowListFailsTheStart(String blocks) {
    assertThatThrownBy(() -> TargetPolicy.of(blocks)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TargetPolicy.VARIABLE);
  }
}
