package io.talkmesh.common.json;

import io.talkmesh.common.error.TalkException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a window of a chat's messages continues (docs/find.md, "Jump to a message"): from the message at
 * ({@code time}, {@code id}) towards older messages or towards newer ones, that message excluded. On the wire an
 * opaque base64url token, like {@link PageRequest}'s.
 */
public record WindowCursor(boolean older, Instant time, UUID id) {
  private static final String OLDER = "older";
  private static final String NEWER = "newer";

  public String token() {
    String raw = (older ? OLDER : NEWER) + "|" + time + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor of a token this API issued; anything else is 400 {@code INVALID_PAGE_TOKEN}. */
  public static WindowCursor parse(String token) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 3 || !(parts[0].equals(OLDER) || parts[0].equals(NEWER))) {
        throw new IllegalArgumentException(token);
      }
      return new WindowCursor(parts[0].equals(OLDER), Instant.parse(parts[1]), UUID.fromString(parts[2]));
    } catch (RuntimeException e) {
      throw TalkException.invalid("INVALID_PAGE_TOKEN", "page_token is not a token this API issued");
    }
  }
}
