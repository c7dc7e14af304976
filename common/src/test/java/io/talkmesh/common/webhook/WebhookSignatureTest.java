package io.talkmesh.common.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] BODY = "{\"type\":\"chatmessage_created\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void isTheHexHmacOfTimestampDotBody() throws Exception {
    String secret = WebhookSignature.newSecret();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(
        ("1700000000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
    assertThat(WebhookSignature.sign(secret, 1_700_000_000L, BODY)).isEqualTo(expected);
  }

  @Test
  void verifiesOnlyTheSameBodyTimestampAndSecretWithinTolerance() {
    String secret = WebhookSignature.newSecret();
    String signature = WebhookSignature.sign(secret, 1000, BODY);
    assertThat(WebhookSignature.verify(secret, 1000, BODY, signature, 1100, 300)).isTrue();
    assertThat(WebhookSignature.verify(secret, 1001, BODY, signature, 1100, 300)).as("other timestamp").isFalse();
    assertThat(WebhookSignature.verify(secret, 1000, "{}".getBytes(StandardCharsets.UTF_8), signature, 1100, 300))
        .as("other body").isFalse();
    assertThat(WebhookSignature.verify(WebhookSignature.newSecret(), 1000, BODY, signature, 1100, 300))
        .as("other secret").isFalse();
    assertThat(WebhookSignature.verify(secret, 1000, BODY, signature, 1400, 300)).as("too old: a replay").isFalse();
    assertThat(WebhookSignature.verify(secret, 1000, BODY, null, 1000, 300)).isFalse();
  }

  @Test
  void secretsAreLongRandomAndRecognisable() {
    String a = WebhookSignature.newSecret();
    assertThat(a).startsWith("whsec_").hasSize(6 + 43).isNotEqualTo(WebhookSignature.newSecret());
  }
}
