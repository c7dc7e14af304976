package io.talkmesh.common.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The API's timestamp format, {@code YYYY-MM-DD HH:MM:SS.ffffff} in UTC; an unset time is {@code ""}. */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private Timestamps() {
  }

  /** Now, at the microsecond precision PostgreSQL stores. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public static String format(Instant instant) {
    return instant == null ? "" : FORMAT.format(instant);
  }

  public static String format(OffsetDateTime time) {
    return time == null ? "" : FORMAT.format(time.toInstant());
  }

  public static Instant parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return FORMAT.parse(text, Instant::from);
  }
}
