package io.talkmesh.devstack.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Hostile WebSocket input for push-service: random and near-valid subscribe/unsubscribe frames, frames that are
 * not frames of the protocol (not JSON, binary, deep, huge), and abuse of RFC 6455 itself (invalid UTF-8, unmasked,
 * reserved bits and opcodes, lying lengths, broken fragmentation).
 */
final class HostileFrames {
  /** push-service's maximum frame and message size (64 KiB). */
  static final int MAX_FRAME = 64 * 1024;

  /** What the server must do with a case. */
  enum Expect {
    /** any answer frames that keep the frame contract; the session goes on */
    ANSWERED,
    /** an {@code INVALID_FRAME} error frame for it; the session goes on */
    INVALID_FRAME,
    /** a close with a protocol close code, or (if the server tolerates it) the session goes on */
    CLOSED_OR_ANSWERED,
    /** a close with a protocol close code */
    CLOSED
  }

  /** One frame on the wire; {@code announced} is the length the header claims (-1: the payload's). */
  record WireFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, long announced) {
    static WireFrame text(String text) {
      return new WireFrame(true, 0, RawWebSocket.TEXT, text.getBytes(StandardCharsets.UTF_8), true, -1);
    }

    static WireFrame of(int opcode, byte[] payload) {
      return new WireFrame(true, 0, opcode, payload, true, -1);
    }

    @Override
    public String toString() {
      return (fin ? "" : "!fin ") + (rsv != 0 ? "rsv=" + rsv + " " : "") + "op=" + opcode + (masked ? "" : " unmasked")
          + (announced >= 0 ? " announces " + announced : "") + " " + payload.length + "B "
          + Shown.bytes(payload, 160);
    }
  }

  /** A named sequence of frames and what the server must do with it. */
  record Case(String name, List<WireFrame> frames, Expect expect) {
    @Override
    public String toString() {
      return name + " " + frames;
    }
  }

  private HostileFrames() {
  }

  /** The fixed catalogue of protocol abuse, each case meant for a fresh connection. */
  static List<Case> protocolAbuse() {
    byte[] json = "{\"type\":\"unsubscribe\",\"topics\":[]}".getBytes(StandardCharsets.UTF_8);
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("unmasked text frame", List.of(new WireFrame(true, 0, RawWebSocket.TEXT, json, false, -1)),
        Expect.CLOSED_OR_ANSWERED));
    for (int rsv = 1; rsv <= 7; rsv++) {
      cases.add(new Case("RSV bits " + rsv, List.of(new WireFrame(true, rsv, RawWebSocket.TEXT, json, true, -1)),
          Expect.CLOSED_OR_ANSWERED));
    }
    for (int opcode : new int[] {0x3, 0x7, 0xB, 0xF}) {
      cases.add(new Case("reserved opcode " + opcode, List.of(WireFrame.of(opcode, json)), Expect.CLOSED_OR_ANSWERED));
    }
    cases.add(new Case("ping of 126 bytes", List.of(WireFrame.of(RawWebSocket.PING, new byte[126])),
        Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("fragmented ping", List.of(new WireFrame(false, 0, RawWebSocket.PING, new byte[4], true, -1)),
        Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("continuation without a start", List.of(WireFrame.of(RawWebSocket.CONTINUATION, json)),
        Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("new message inside a fragmented one", List.of(
        new WireFrame(false, 0, RawWebSocket.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), true, -1),
        WireFrame.text("{}")), Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("close with a one-byte payload", List.of(WireFrame.of(RawWebSocket.CLOSE, new byte[] {3})),
        Expect.CLOSED));
    cases.add(new Case("close with code 999", List.of(WireFrame.of(RawWebSocket.CLOSE, new byte[] {3, (byte) 0xE7})),
        Expect.CLOSED));
    cases.add(new Case("length of 2^63-1 announced", List.of(new WireFrame(true, 0, RawWebSocket.TEXT, new byte[0], true,
        Long.MAX_VALUE)), Expect.CLOSED));
    cases.add(new Case("length with the high bit set", List.of(new WireFrame(true, 0, RawWebSocket.TEXT, new byte[0], true,
        Long.MIN_VALUE + 5)), Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("text frame over 64 KiB", List.of(WireFrame.text(oversized())), Expect.CLOSED));
    cases.add(new Case("binary frame over 64 KiB", List.of(WireFrame.of(RawWebSocket.BINARY, new byte[MAX_FRAME + 1])),
        Expect.CLOSED));
    cases.add(new Case("fragments adding up to over 64 KiB", fragments(oversized(), 4), Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("fragments adding up to 1 MiB", fragments("{\"type\":\"subscribe\",\"topics\":[\""
        + "x".repeat(1024 * 1024) + "\"]}", 32), Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("invalid UTF-8 in a text frame", List.of(WireFrame.of(RawWebSocket.TEXT,
        new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1', '}'})), Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("invalid UTF-8 inside a topic", List.of(WireFrame.of(RawWebSocket.TEXT, concat(
        "{\"type\":\"subscribe\",\"topics\":[\"agent_id:".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xC0, (byte) 0xAF},
        ":chat\"]}".getBytes(StandardCharsets.UTF_8)))), Expect.CLOSED_OR_ANSWERED));
    cases.add(new Case("UTF-8 split across fragments", fragmentsOf(("{\"type\":\"subscribe\",\"topics\":[\"é😀\"]}")
        .getBytes(StandardCharsets.UTF_8), 3), Expect.ANSWERED));
    cases.add(new Case("valid fragmented subscribe", fragments("{\"type\":\"unsubscribe\",\"topics\":[\"x\"]}", 5),
        Expect.ANSWERED));
    cases.add(new Case("ping with payload", List.of(WireFrame.of(RawWebSocket.PING, "are you there".getBytes(
        StandardCharsets.UTF_8))), Expect.ANSWERED));
    cases.add(new Case("unsolicited pong", List.of(WireFrame.of(RawWebSocket.PONG, new byte[8])), Expect.ANSWERED));
    cases.add(new Case("resume of 1000 chats no topic covers", List.of(WireFrame.text("{\"type\":\"subscribe\","
        + "\"topics\":[],\"resume\":{" + java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "\""
        + UUID.randomUUID() + "\":" + i).collect(Collectors.joining(",")) + "}}")), Expect.ANSWERED));
    cases.add(new Case("empty text frame", List.of(WireFrame.text("")), Expect.INVALID_FRAME));
    cases.add(new Case("empty binary frame", List.of(WireFrame.of(RawWebSocket.BINARY, new byte[0])),
        Expect.INVALID_FRAME));
    return cases;
  }

  /** Random frames: any JSON, near-valid subscriptions, frames that are not of the protocol, binary, large. */
  static Arbitrary<Case> random(String self, String otherAgent, String customer, String otherCustomer,
                                List<String> chatIds) {
    List<String> ids = new ArrayList<>(chatIds);
    ids.addAll(List.of(self, otherAgent, customer, otherCustomer));
    Arbitrary<String> topic = Arbitraries.oneOf(
        Arbitraries.of("agent_id:" + self + ":chat", "agent_id:" + otherAgent + ":chat", "customer_id:" + customer
            + ":chat", "customer_id:" + otherCustomer + ":chat", "agent_id::chat", "agent_id:" + self + ":chat:",
            "agent_id:" + self + ":chats", "AGENT_ID:" + self + ":CHAT", "agent_id:" + self.toUpperCase() + ":chat",
            "agent_id:" + self + ":chat:x:y", ":::", "customer_id:*:chat", "agent_id:#:chat"),
        Arbitraries.of(chatIds).map(c -> "agent_id:" + self + ":chat:" + c),
        Arbitraries.of(chatIds).map(c -> "customer_id:" + customer + ":chat:" + c),
        Arbitraries.of(Hostile.STRINGS),
        Arbitraries.strings().all().ofMaxLength(60));
    Arbitrary<String> topicJson = Arbitraries.frequencyOf(Tuple.of(6, topic.map(Hostile::quote)),
        Tuple.of(1, Hostile.jsonValue(List.of("topics"), ids)));
    Arbitrary<String> topics = Arbitraries.frequencyOf(
        Tuple.of(8, topicJson.list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]")),
        Tuple.of(1, Arbitraries.integers().between(99, 102).map(n -> "[" + ("\"agent_id:" + self + ":chat\",").repeat(n)
            .replaceAll(",$", "") + "]")),
        Tuple.of(2, Hostile.jsonValue(List.of("topics"), ids)));
    Arbitrary<String> type = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("\"subscribe\"", "\"unsubscribe\"")),
        Tuple.of(2, Arbitraries.of("\"SUBSCRIBE\"", "\"\"", "null", "1", "\"ping\"", "[\"subscribe\"]",
            "\"subscribe \"", "\"resume\"", "\"error\"")));
    Arbitrary<String> resume = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.just("")),
        Tuple.of(3, Combinators.combine(Arbitraries.oneOf(Arbitraries.of(chatIds),
                Arbitraries.create(() -> UUID.randomUUID().toString()), Arbitraries.of(Hostile.STRINGS)),
            Arbitraries.oneOf(Arbitraries.of(Hostile.NUMBERS), Arbitraries.of("\"1\"", "null", "[]", "true")))
            .as((k, v) -> Hostile.quote(k) + ":" + v).list().ofMaxSize(4)
            .map(l -> ",\"resume\":{" + String.join(",", l) + "}")),
        Tuple.of(1, Hostile.jsonValue(List.of("resume"), ids).map(v -> ",\"resume\":" + v)),
        // resumes of up to the 1000-chat limit, none of them covered: answered with one aggregated error frame
        Tuple.of(1, Arbitraries.integers().between(100, 1000).map(n -> ",\"resume\":{" + java.util.stream.IntStream
            .range(0, n).mapToObj(i -> Hostile.quote(UUID.randomUUID().toString()) + ":" + i)
            .collect(Collectors.joining(",")) + "}")));
    Arbitrary<String> unknown = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")),
        Tuple.of(1, Hostile.jsonValue(List.of(), ids).map(v -> ",\"extra\":" + v)));
    Arbitrary<Case> nearValid = Combinators.combine(type, topics, resume, unknown)
        .as((t, ts, r, u) -> "{\"type\":" + t + ",\"topics\":" + ts + r + u + "}")
        .map(text -> new Case("near-valid", List.of(WireFrame.text(text)), Expect.ANSWERED));
    Arbitrary<Case> anyJson = Hostile.jsonValue(List.of("type", "topics", "resume"), ids)
        .map(text -> new Case("any JSON", List.of(WireFrame.text(text)), Expect.ANSWERED));
    Arbitrary<Case> notAFrame = Arbitraries.oneOf(
        Arbitraries.of("not json", "{", "}", "[]", "null", "1e400", "\"subscribe\"", "{}", "{\"type\":null}",
            "{\"topics\":[]}", "{\"type\":\"subscribe\"}", "{\"type\":\"subscribe\",\"topics\":\"agent_id\"}",
            "{\"type\":\"subscribe\",\"topics\":{}}", "{\"type\":\"subscribe\",\"topics\":[],\"resume\":[]}",
            "[".repeat(Hostile.DEEP) + "]".repeat(Hostile.DEEP), "{\"a\":".repeat(5000) + "1" + "}".repeat(5000),
            "{\"type\":\"subscribe\",\"topics\":" + "[".repeat(Hostile.DEEP) + "]".repeat(Hostile.DEEP) + "}",
            "\uFEFF{\"type\":\"subscribe\",\"topics\":[]", "{\"type\":\"subscribe\",\"topics\":[]} trailing"),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(80).filter(s -> !s.trim().startsWith("{")))
        .map(text -> new Case("not a frame", List.of(WireFrame.text(text)), Expect.INVALID_FRAME));
    Arbitrary<Case> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
        .map(b -> new Case("binary", List.of(WireFrame.of(RawWebSocket.BINARY, b)), Expect.INVALID_FRAME));
    Arbitrary<Case> large = Arbitraries.integers().between(10_000, MAX_FRAME - 100)
        .map(n -> new Case("large", List.of(WireFrame.text("{\"type\":\"subscribe\",\"topics\":[\"" + "x".repeat(n)
            + "\"]}")), Expect.ANSWERED));
    Arbitrary<Case> fragmented = Combinators.combine(nearValid, Arbitraries.integers().between(2, 6))
        .as((c, n) -> new Case("fragmented", fragmentsOf(c.frames().get(0).payload(), n), Expect.ANSWERED));
    // frames over the limit are the catalogue's business; here every message fits, so every one must be answered
    return Arbitraries.frequencyOf(Tuple.of(10, nearValid), Tuple.of(4, anyJson), Tuple.of(4, notAFrame),
        Tuple.of(2, binary), Tuple.of(1, large), Tuple.of(2, fragmented))
        .filter(c -> c.frames().stream().mapToInt(f -> f.payload().length).sum() < MAX_FRAME);
  }

  private static String oversized() {
    return "{\"type\":\"subscribe\",\"topics\":[\"" + "x".repeat(MAX_FRAME + 10) + "\"]}";
  }

  private static List<WireFrame> fragments(String text, int n) {
    return fragmentsOf(text.getBytes(StandardCharsets.UTF_8), n);
  }

  /** The bytes as one message in n frames (cut anywhere, even inside a UTF-8 sequence, as RFC 6455 allows). */
  static List<WireFrame> fragmentsOf(byte[] bytes, int n) {
    List<WireFrame> frames = new ArrayList<>();
    int size = Math.max(1, (bytes.length + n - 1) / n);
    for (int start = 0, i = 0; start < bytes.length || i == 0; start += size, i++) {
      byte[] part = java.util.Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + size));
      boolean last = start + size >= bytes.length;
      frames.add(new WireFrame(last, 0, i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION, part, true, -1));
    }
    return frames;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
