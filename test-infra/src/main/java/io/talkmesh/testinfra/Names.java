package io.talkmesh.testinfra;

import java.security.SecureRandom;

/** Random lowercase names, so that tests sharing one server never meet: databases, broker prefixes. */
public final class Names {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Names() {
  }

  /** {@code n} random letters a–z. */
  public static String lowercase(int n) {
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = (char) ('a' + RANDOM.nextInt(26));
    }
    return new String(chars);
  }
}
