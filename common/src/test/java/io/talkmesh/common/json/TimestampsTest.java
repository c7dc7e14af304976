package io.talkmesh.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written format and parse agree with the formatter that defines the API's timestamp format. */
class TimestampsTest {
  @Test
  void formatAndParseAgreeWithTheFormatterAcrossTheRange() {
    SplittableRandom random = new SplittableRandom(20261202);
    long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000) * 1000L);
      String expected = Timestamps.FORMAT.format(t);
      assertThat(Timestamps.format(t)).isEqualTo(expected);
      assertThat(Timestamps.parse(expected)).isEqualTo(t);
    }
    for (String edge : new String[] {"1970-01-01 00:00:00.000000", "2024-02-29 23:59:59.999999", "0001-01-01 00:00:00.000001",
        "9999-12-31 23:59:59.999999"}) {
      assertThat(Timestamps.format(Timestamps.parse(edge))).isEqualTo(edge);
    }
  }

  @Test
  void malformedTextIsRefusedAsBefore() {
    for (String bad : new String[] {"2025-13-01 00:00:00.000000", "2025-01-01T00:00:00.000000",
        "2025-01-01 00:00:00.00000x", "yesterday"}) {
      assertThatThrownBy(() -> Timestamps.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }
    assertThat(Timestamps.parse("")).isNull();
    assertThat(Timestamps.format((Instant) null)).isEmpty();
  }
}
