package io.talkmesh.common.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook delivery is signed, as Stripe, Slack and GitHub do: {@value #SIGNATURE} is {@code v1=} and the hex
 * HMAC-SHA256, keyed by the endpoint's secret, of {@code <timestamp>.<body>}, where the timestamp is
 * {@value #TIMESTAMP} (Unix seconds) and the body the exact bytes sent. A receiver recomputes it, compares in constant
 * time, and refuses a timestamp far from its clock (replays); {@value #EVENT_ID} lets it drop duplicates
 * (delivery is at least once). docs/webhooks.md has a verification example.
 */
public final class WebhookSignature {
  public static final String SIGNATURE = "X-Talk-Signature";
  public static final String TIMESTAMP = "X-Talk-Timestamp";
  public static final String EVENT_ID = "X-Talk-Event-Id";
  public static final String EVENT_TYPE = "X-Talk-Event-Type";
  public static final String ATTEMPT = "X-Talk-Delivery-Attempt";
  /** The prefix of every secret, so that one found in a log or a repository is recognised. */
  public static final String SECRET_PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {
  }

  /** A new signing secret: {@value #SECRET_PREFIX} and 32 random bytes, base64url. */
  public static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** The {@value #SIGNATURE} header value of {@code body} sent at {@code timestampSeconds}. */
  public static String sign(String secret, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return "v1=" + HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Whether {@code signature} is {@code body}'s at {@code timestampSeconds} under {@code secret}, and that timestamp
   * within {@code toleranceSeconds} of {@code nowSeconds}: what a receiver checks.
   */
  public static boolean verify(String secret, long timestampSeconds, byte[] body, String signature, long nowSeconds,
                               long toleranceSeconds) {
    if (signature == null || Math.abs(nowSeconds - timestampSeconds) > toleranceSeconds) {
      return false;
    }
    byte[] expected = sign(secret, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }
}
