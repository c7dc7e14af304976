package io.talkmesh.devstack.security;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs an attacker could send, built by hand (base64url JSON and HMAC-SHA256) from a genuine token, so every byte is
 * under the test's control: expired, not yet valid, unsigned ({@code alg: none}), signed with another key, tampered
 * claims under the original signature, algorithm confusion, malformed claims under a valid signature, and garbage.
 */
final class ForgedTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private ForgedTokens() {
  }

  /**
   * Every forgery by name.
   *
   * @param genuine  a token the gateway issued to an ordinary agent
   * @param secret   the mesh's {@code TALK_JWT_SECRET} (for tokens a holder of the key could sign but must still fail)
   * @param otherId  an id to put where the token's ids were (another agent's, e.g. an admin's)
   */
  static Map<String, String> all(String genuine, String secret, String otherId) {
    JsonObject header = part(genuine, 0);
    JsonObject claims = part(genuine, 1);
    String signature = genuine.split("\\.")[2];
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    long now = System.currentTimeMillis() / 1000;
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("expired a minute ago", hs256(header, claims.copy().put("iat", now - 3600).put("exp", now - 60), key));
    forged.put("expired in 1970", hs256(header, claims.copy().put("iat", 0).put("exp", 1), key));
    forged.put("not valid before an hour from now", hs256(header, claims.copy().put("nbf", now + 3600), key));
    for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
      forged.put("alg " + none + ", no signature", join(new JsonObject().put("alg", none).put("typ", "JWT"), claims, ""));
    }
    forged.put("alg none, original signature", join(new JsonObject().put("alg", "none"), claims, signature));
    forged.put("no alg, original signature", join(new JsonObject().put("typ", "JWT"), claims, signature));
    forged.put("signed with another key", hs256(header, claims,
        "another-secret-that-is-also-32-characters-long".getBytes(StandardCharsets.UTF_8)));
    forged.put("signed with the old built-in development secret", hs256(header, claims,
        "talk-mesh-development-secret-change-me".getBytes(StandardCharsets.UTF_8)));
    forged.put("alg HS256, empty signature", join(header, claims, ""));
    forged.put("customer_id changed, original signature", join(header, claims.copy()
        .put("customer_id", UUID.randomUUID().toString()), signature));
    forged.put("sub changed to another agent, original signature", join(header, claims.copy().put("sub", otherId),
        signature));
    forged.put("permission raised to admin, original signature", join(header, claims.copy().put("permission", 127),
        signature));
    forged.put("exp pushed to 2100, original signature", join(header, claims.copy().put("exp", 4102444800L), signature));
    forged.put("alg RS256, HMAC signature (algorithm confusion)", hs256(header.copy().put("alg", "RS256"), claims, key));
    forged.put("alg HS256 with a jku to fetch a key", hs256(header.copy().put("jku", "http://127.0.0.1:1/keys"), claims,
        "attacker-key-of-at-least-32-characters-long".getBytes(StandardCharsets.UTF_8)));
    forged.put("signature cut short", genuine.substring(0, genuine.length() - 5));
    forged.put("signature of another token", join(header, claims.copy().put("sub", otherId), signature));
    forged.put("no signature part", genuine.substring(0, genuine.lastIndexOf('.')));
    forged.put("four parts", genuine + ".x");
    forged.put("signed, customer_id missing", hs256(header, claims.copy().put("customer_id", null), key));
    forged.put("signed, customer_id not a UUID", hs256(header, claims.copy().put("customer_id", "' OR 1=1 --"), key));
    forged.put("signed, sub missing", hs256(header, without(claims, "sub"), key));
    forged.put("signed, sub a number", hs256(header, claims.copy().put("sub", 42), key));
    forged.put("signed, permission a string", hs256(header, claims.copy().put("permission", "admin"), key));
    forged.put("signed, exp a string", hs256(header, claims.copy().put("exp", "never"), key));
    forged.put("signed, claims an array", B64.encodeToString(header.toBuffer().getBytes()) + "."
        + B64.encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)) + "." + sign(B64.encodeToString(
        header.toBuffer().getBytes()) + "." + B64.encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)), key));
    forged.put("garbage word", "garbage");
    forged.put("three empty parts", "..");
    forged.put("a.b.c", "a.b.c");
    forged.put("base64 noise", "eyJ!!!.eyJ###.$$$");
    forged.put("4000 characters", "a".repeat(4000));
    forged.put("SQL", "' OR '1'='1");
    return forged;
  }

  /** The genuine token's claims with another {@code exp}, correctly signed with the mesh's secret (a short-lived token). */
  static String expiringAt(String genuine, String secret, long expEpochSeconds) {
    return hs256(part(genuine, 0), part(genuine, 1).put("exp", expEpochSeconds),
        secret.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject part(String token, int i) {
    return new JsonObject(new String(B64D.decode(token.split("\\.")[i]), StandardCharsets.UTF_8));
  }

  private static String join(JsonObject header, JsonObject claims, String signature) {
    return B64.encodeToString(header.toBuffer().getBytes()) + "." + B64.encodeToString(claims.toBuffer().getBytes())
        + "." + signature;
  }

  private static String hs256(JsonObject header, JsonObject claims, byte[] key) {
    String unsigned = B64.encodeToString(header.toBuffer().getBytes()) + "."
        + B64.encodeToString(claims.toBuffer().getBytes());
    return unsigned + "." + sign(unsigned, key);
  }

  private static String sign(String unsigned, byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject without(JsonObject claims, String name) {
    JsonObject copy = claims.copy();
    copy.remove(name);
    return copy;
  }
}
