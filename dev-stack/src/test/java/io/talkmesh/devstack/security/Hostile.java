package io.talkmesh.devstack.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The hostile inputs the fuzz tests draw from, as jqwik arbitraries and as fixed catalogues: ids of nothing, non-ids,
 * SQL-ish and unicode strings, numbers no parser likes (1e400, -0, 2^63), deep nesting, huge strings, invalid UTF-8,
 * unknown and missing fields. Real ids (passed in) are mixed in so requests also get past validation to the rules.
 */
final class Hostile {
  /** Nesting deep enough to overflow a recursive parser's stack (Jackson stops at 1000 by default). */
  static final int DEEP = 10_000;
  /** The gateway's body limit ({@code TALK_HTTP_BODY_LIMIT} default). */
  static final int BODY_LIMIT = 1024 * 1024;

  /** Numbers as JSON literals: beyond double, beyond long, negative zero, exponent games. */
  static final List<String> NUMBERS = List.of("1e400", "-1e400", "1e-400", "-0", "-0.0", "0e0",
      "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
      "4294967296", "2147483648", "-1", "0", "1", "16", "64", "127", "1.5", "100", "101", "1E2", "0.1e1",
      "123456789012345678901234567890.123456789", "1" + "0".repeat(400));

  /** Strings that are not ids but look like trouble: SQL, path tricks, format strings, unicode. */
  static final List<String> STRINGS = List.of("", " ", "null", "undefined", "true", "0", "-1", "[]", "{}",
      "' OR '1'='1", "1; DROP TABLE agents; --", "' UNION SELECT password_hash FROM agents --", "\" OR \"\"=\"",
      "%s%s%s%n", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd", "..", ".", "a/b", "a\\b", "<script>alert(1)</script>",
      "ü", "😀", "👍", "\u202eevil", "ǅ", "１２３", "\u0000", "a\u0000b", "\r\nX-Injected: 1", "\t", "\uFEFF",
      "\ud800", "\udc00x", "ＡＢＣ", "𝕏", "ß", "İ", "\u0301", "thumbsup", "agent", "group", "talk", "direct",
      "normal", "manager", "admin");

  /** Path segments sent as they are (already percent-encoded, or deliberately broken encodings). */
  static final List<String> RAW_SEGMENTS = List.of("%", "%Z", "%ZZ", "%FF", "%C3%28", "%ED%A0%80", "%00", "%2F",
      "%2e%2e", "..", ".", "%20", "%0d%0a", "%25", "%F0%9F%98%80", "%u0041", "%2Fetc%2Fpasswd", "+", ";", ";a=b",
      "%3F", "%23", "a%2Fb");

  private Hostile() {
  }

  /** A value percent-encoded for a path segment or a query value. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String quote(String s) {
    return Json.encode(s);
  }

  /** Id-shaped and not id-shaped values for a path segment or an id query parameter, ready for a URI. */
  static Arbitrary<String> idSegment(List<String> realIds) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.of(realIds)),
        net.jqwik.api.Tuple.of(3, Arbitraries.create(() -> UUID.randomUUID().toString())),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(realIds).map(String::toUpperCase)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000000000000000000000000000",
            "{00000000-0000-0000-0000-000000000000}", "0-0-0-0-0", "1-1-1-1-1")),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(STRINGS).map(Hostile::encode)),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(RAW_SEGMENTS)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40).map(Hostile::encode)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(37, 1500).map("a"::repeat)));
  }

  /** A query value for a parameter of the given format. */
  static Arbitrary<String> queryValue(PublicApi.Param param, List<String> realIds) {
    return switch (param.format()) {
      case "uuid" -> idSegment(realIds);
      case "integer" -> Arbitraries.oneOf(Arbitraries.of(NUMBERS).map(Hostile::encode),
          Arbitraries.integers().between(-5, 205).map(String::valueOf),
          Arbitraries.of("", "NaN", "Infinity", "0x10", " 5", "5 ", "1,2", "abc").map(Hostile::encode),
          Arbitraries.of(RAW_SEGMENTS));
      default -> Arbitraries.oneOf(Arbitraries.of(STRINGS).map(Hostile::encode), Arbitraries.of(RAW_SEGMENTS),
          Arbitraries.strings().all().ofMaxLength(60).map(Hostile::encode),
          Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
              .ofMaxLength(80));
    };
  }

  /** Any JSON value (as text), nested up to a few levels, keys drawn from the given field names and at random. */
  static Arbitrary<String> jsonValue(List<String> fields, List<String> realIds) {
    Arbitrary<String> leaf = leaf(realIds);
    Arbitrary<String> key = Arbitraries.oneOf(fields.isEmpty() ? Arbitraries.of("type") : Arbitraries.of(fields),
        Arbitraries.of(STRINGS), Arbitraries.strings().all().ofMaxLength(12));
    return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
        Combinators.combine(key, inner).as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(5)
            .map(entries -> "{" + String.join(",", entries) + "}")), 0, 4);
  }

  /**
   * A JSON object meant for one operation: some of its documented fields (each may be missing), with plausible values
   * (real ids, the API's words, participant-shaped objects) or any JSON, plus unknown fields.
   */
  static Arbitrary<String> bodyObject(List<String> fields, List<String> realIds) {
    Arbitrary<String> any = jsonValue(fields, realIds);
    Arbitrary<String> plausible = Arbitraries.oneOf(
        Arbitraries.of(realIds).map(Hostile::quote),
        Arbitraries.of("group", "talk", "direct", "normal", "agent", "thumbsup", "😀", "hello").map(Hostile::quote),
        Arbitraries.of(realIds).list().ofMaxSize(3).map(ids -> ids.stream().map(Hostile::quote)
            .collect(Collectors.joining(",", "[", "]"))),
        Arbitraries.of(realIds).map(id -> "[{\"owner_type\":\"agent\",\"owner_id\":" + quote(id) + "}]"),
        Arbitraries.of(realIds).map(id -> "{\"type\":\"agent\",\"target\":" + quote(id) + "}"),
        Arbitraries.of("[]", "[{}]", "[{\"type\":\"image\",\"url\":\"http://127.0.0.1/x.png\"}]", "16", "32", "64"));
    Arbitrary<String> value = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, plausible),
        net.jqwik.api.Tuple.of(2, any));
    Arbitrary<List<String>> known = fields.isEmpty() ? Arbitraries.just(List.of())
        : Arbitraries.of(fields).list().ofMaxSize(fields.size() + 1);
    Arbitrary<List<String>> unknown = Arbitraries.oneOf(Arbitraries.of(STRINGS), Arbitraries.strings().all()
        .ofMaxLength(10)).list().ofMaxSize(2);
    return Combinators.combine(known, unknown, value.list().ofSize(8)).as((k, u, values) -> {
      StringBuilder json = new StringBuilder("{");
      int i = 0;
      for (String name : concat(k, u)) {
        json.append(i == 0 ? "" : ",").append(quote(name)).append(':').append(values.get(i % values.size()));
        i++;
      }
      return json.append('}').toString();
    });
  }

  /** A request body: mostly a JSON object for the operation, sometimes any JSON, sometimes a body no parser likes. */
  static Arbitrary<Buffer> body(List<String> fields, List<String> realIds) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, bodyObject(fields, realIds).map(Hostile::utf8)),
        net.jqwik.api.Tuple.of(3, jsonValue(fields, realIds).map(Hostile::utf8)),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(NastyBody.values()).map(n -> n.bytes(fields))),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(Buffer::buffer)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, BODY_LIMIT - 100)
            .map(n -> utf8("{\"text\":\"" + "x".repeat(n) + "\"}"))));
  }

  private static Arbitrary<String> leaf(List<String> realIds) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(realIds).map(Hostile::quote)),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(STRINGS).map(Hostile::quote)),
        net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(30).map(Hostile::quote)),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(NUMBERS)),
        net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
        net.jqwik.api.Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("true", "false", "null")),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1000, 70_000).map(n -> quote("x".repeat(n)))));
  }

  static Buffer utf8(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Bodies that break parsers, each built for an operation's fields so it reaches its field handling too. */
  enum NastyBody {
    DEEP_ARRAYS, DEEP_OBJECTS, DEEP_ARRAYS_IN_A_FIELD, HUGE_NUMBERS_IN_EVERY_FIELD, NEGATIVE_ZERO_IN_EVERY_FIELD,
    LONG_OVERFLOW_IN_EVERY_FIELD, THOUSAND_DIGIT_NUMBER, STRING_OF_ALMOST_ONE_MIB, ONE_BYTE_OVER_THE_LIMIT,
    INVALID_UTF8_IN_STRINGS, INVALID_UTF8_BARE, LONE_SURROGATE_ESCAPES, NUL_CHARACTERS, CONTROL_CHARACTERS,
    WRONG_TYPES_IN_EVERY_FIELD, OBJECTS_IN_EVERY_FIELD, NULL_IN_EVERY_FIELD, UNKNOWN_FIELDS_ONLY, EMPTY_OBJECT,
    DUPLICATE_KEYS, TRAILING_GARBAGE, TRUNCATED, NOT_JSON, JSON_ARRAY, JSON_NULL, JSON_STRING, EMPTY, BYTE_ORDER_MARK,
    UTF16, MANY_FIELDS;

    Buffer bytes(List<String> fields) {
      List<String> names = fields.isEmpty() ? List.of("type", "text") : fields;
      return switch (this) {
        case DEEP_ARRAYS -> utf8("[".repeat(DEEP) + "]".repeat(DEEP));
        case DEEP_OBJECTS -> utf8("{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP));
        case DEEP_ARRAYS_IN_A_FIELD -> utf8("{" + quote(names.get(0)) + ":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}");
        case HUGE_NUMBERS_IN_EVERY_FIELD -> every(names, "1e400");
        case NEGATIVE_ZERO_IN_EVERY_FIELD -> every(names, "-0");
        case LONG_OVERFLOW_IN_EVERY_FIELD -> every(names, "9223372036854775808");
        case THOUSAND_DIGIT_NUMBER -> every(names, "9".repeat(1000));
        case STRING_OF_ALMOST_ONE_MIB -> {
          String head = "{" + quote(names.get(0)) + ":\"";
          yield utf8(head + "y".repeat(BODY_LIMIT - head.length() - 2) + "\"}");
        }
        case ONE_BYTE_OVER_THE_LIMIT -> {
          String head = "{" + quote(names.get(0)) + ":\"";
          yield utf8(head + "y".repeat(BODY_LIMIT - head.length() - 1) + "\"}");
        }
        case INVALID_UTF8_IN_STRINGS -> {
          Buffer b = Buffer.buffer("{");
          for (int i = 0; i < names.size(); i++) {
            b.appendString((i == 0 ? "" : ",") + quote(names.get(i)) + ":\"a")
                .appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80})
                .appendString("\"");
          }
          yield b.appendString("}");
        }
        case INVALID_UTF8_BARE -> Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC0, (byte) 0xAF});
        case LONE_SURROGATE_ESCAPES -> every(names, "\"\\ud800x\\udfff\"");
        case NUL_CHARACTERS -> every(names, "\"a\\u0000b\"");
        case CONTROL_CHARACTERS -> every(names, "\"\\u0001\\u001f\\u007f\\u2028\\u2029\\r\\n\"");
        case WRONG_TYPES_IN_EVERY_FIELD -> every(names, "[1,true,null]");
        case OBJECTS_IN_EVERY_FIELD -> every(names, "{\"$gt\":\"\"}");
        case NULL_IN_EVERY_FIELD -> every(names, "null");
        case UNKNOWN_FIELDS_ONLY -> utf8("{\"__proto__\":{\"admin\":true},\"constructor\":1,\"customer_id\":"
            + quote(UUID.randomUUID().toString()) + ",\"id\":" + quote(UUID.randomUUID().toString()) + "}");
        case EMPTY_OBJECT -> utf8("{}");
        case DUPLICATE_KEYS -> utf8("{" + names.stream().map(n -> quote(n) + ":1," + quote(n) + ":\"x\"")
            .collect(Collectors.joining(",")) + "}");
        case TRAILING_GARBAGE -> utf8("{} {\"x\":1} garbage");
        case TRUNCATED -> utf8("{" + quote(names.get(0)) + ":[\"");
        case NOT_JSON -> utf8("type=group&name=x");
        case JSON_ARRAY -> utf8("[{\"type\":\"group\"}]");
        case JSON_NULL -> utf8("null");
        case JSON_STRING -> utf8("\"{}\"");
        case EMPTY -> Buffer.buffer();
        case BYTE_ORDER_MARK -> Buffer.buffer(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).appendString("{}");
        case UTF16 -> Buffer.buffer("{\"type\":\"group\"}".getBytes(StandardCharsets.UTF_16));
        case MANY_FIELDS -> {
          StringBuilder json = new StringBuilder("{");
          for (int i = 0; i < 50_000; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
          }
          yield utf8(json.append('}').toString());
        }
      };
    }

    private static Buffer every(List<String> names, String value) {
      return utf8(names.stream().map(n -> quote(n) + ":" + value).collect(Collectors.joining(",", "{", "}")));
    }
  }
}
