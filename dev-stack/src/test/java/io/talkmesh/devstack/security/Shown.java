package io.talkmesh.devstack.security;

import java.nio.charset.StandardCharsets;

/** How a hostile input is printed in a failure message: shortened, with control and non-UTF-8 bytes made visible. */
final class Shown {
  private Shown() {
  }

  static String text(String s, int max) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < max; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return s.length() > max ? out + "…(" + s.length() + " chars)" : out.toString();
  }

  /** Bytes as UTF-8 text where they are valid UTF-8, else as hex of the first bytes. */
  static String bytes(byte[] bytes, int max) {
    String decoded = new String(bytes, StandardCharsets.UTF_8);
    if (java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), bytes)) {
      return text(decoded, max);
    }
    StringBuilder hex = new StringBuilder("hex ");
    for (int i = 0; i < bytes.length && i < max / 2; i++) {
      hex.append(String.format("%02x", bytes[i]));
    }
    return bytes.length > max / 2 ? hex + "…(" + bytes.length + " bytes)" : hex.toString();
  }
}
