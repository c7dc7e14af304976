package io.talkmesh.talkmanager.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeysetTest {
  @Test
  void firstPageOrdersNewestFirstAndTakesTheLimitAfterTheFilterParameters() {
    Keyset keyset = Keyset.of("SELECT id FROM t WHERE a = $1 AND b = $2", "t.tm_create", "t.id");
    assertThat(keyset.first())
        .isEqualTo("SELECT id FROM t WHERE a = $1 AND b = $2 ORDER BY t.tm_create DESC, t.id DESC LIMIT $3");
  }

  @Test
  void afterPageAddsTheCursorAsAnIndexableRowComparison() {
    Keyset keyset = Keyset.of("SELECT id FROM t WHERE a = $1 AND b = $2", "t.tm_create", "t.id");
    assertThat(keyset.after()).isEqualTo("SELECT id FROM t WHERE a = $1 AND b = $2"
        + " AND (t.tm_create, t.id) < ($4, $5) ORDER BY t.tm_create DESC, t.id DESC LIMIT $3");
  }

  @Test
  void parametersAreCountedByTheHighestNumberNotByOccurrences() {
    Keyset keyset = Keyset.of("SELECT id FROM t WHERE a = $1 AND (b = $2 OR c = $2) AND d = $10", "tm", "id");
    assertThat(keyset.first()).endsWith("LIMIT $11");
    assertThat(keyset.after()).contains("(tm, id) < ($12, $13)");
  }
}
