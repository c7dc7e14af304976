package io.talkmesh.common.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The API's timestamp format, {@code YYYY-MM-DD HH:MM:SS.ffffff} in UTC; an unset time is {@code ""}. Every message
 * carries three of them through each hop, so formatting and parsing are written out by hand for years 0001-9999
 * (a {@link DateTimeFormatter} pass cost more than the rest of a message's JSON); other years and malformed text go
 * through the formatter, which stays the definition (TimestampsTest checks that both agree).
 */
public final class Timestamps {
  static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private Timestamps() {
  }

  /** Now, at the microsecond precision PostgreSQL stores. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public static String format(Instant instant) {
    if (instant == null) {
      return "";
    }
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(),
        ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 1 || year > 9999) {
      return FORMAT.format(instant);
    }
    char[] out = new char[26];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, t.getDayOfMonth(), 2);
    out[10] = ' ';
    digits(out, 11, t.getHour(), 2);
    out[13] = ':';
    digits(out, 14, t.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, t.getSecond(), 2);
    out[19] = '.';
    digits(out, 20, t.getNano() / 1000, 6);
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The value of {@code width} ASCII digits at {@code at}, or -1 if any is not a digit. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  public static String format(OffsetDateTime time) {
    return time == null ? "" : FORMAT.format(time.toInstant());
  }

  public static Instant parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.length() == 26 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == ' '
        && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.') {
      int year = number(text, 0, 4);
      int month = number(text, 5, 2);
      int day = number(text, 8, 2);
      int hour = number(text, 11, 2);
      int minute = number(text, 14, 2);
      int second = number(text, 17, 2);
      int micros = number(text, 20, 6);
      if (year >= 1 && (month | day | hour | minute | second | micros) >= 0) {
        try {
          return java.time.LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000)
              .toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          // out of range (e.g. month 13): the formatter below reports it as it always did
        }
      }
    }
    return FORMAT.parse(text, Instant::from);
  }
}
