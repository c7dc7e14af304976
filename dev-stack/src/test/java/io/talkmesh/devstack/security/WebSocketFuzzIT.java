package io.talkmesh.devstack.security;

import io.talkmesh.devstack.system.Stack;
import io.talkmesh.devstack.system.WsClient;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile frames on push-service's WebSocket: every case is answered with frames that keep the frame contract (JSON
 * objects with a type; errors with a reason and message, never INTERNAL), a frame that is not of the protocol with an
 * {@code INVALID_FRAME} error, and abuse of RFC 6455 itself with a close carrying a protocol close code. After every
 * case the session still answers (or, if it was closed, a new one opens), and after each run a normal client that
 * stayed connected on another connection still receives its messages ({@link Liveness}).
 */
class WebSocketFuzzIT {
  /** Close codes for protocol-level abuse: protocol error, unacceptable data, invalid payload, policy, too big. */
  /**
   * How a session may end after a protocol-level violation (bad masking, reserved opcodes, oversized or broken
   * fragments): a close frame with a protocol code, or 1006, the connection failed without one. RFC 6455 §7.1.7 has
   * the endpoint "Fail the WebSocket Connection" and only SHOULD send a close frame first; Vert.x/Netty drop the
   * TCP connection for these, which is conformant. JSON-level abuse never ends the session (INVALID_FRAME instead).
   */
  static final Set<Integer> PROTOCOL_CLOSE_CODES = Set.of(1002, 1003, 1006, 1007, 1008, 1009);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private static final Mesh mesh = Mesh.withDefaults();
  private static Tenant tenant;
  private static WsClient observer;
  private static RawWebSocket fuzzed;
  /** The size of the largest frame the last probe read (to tell whether an oversized message was processed). */
  private static int largestAnswer;
  private static String self;
  private static final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  private static final AtomicInteger played = new AtomicInteger();

  @BeforeContainer
  static void start() throws Exception {
    mesh.start();
    tenant = Tenant.arrange(mesh, Stack.ADMIN, Stack.ADMIN_PASSWORD);
    self = tenant.alice.id();
    observer = mesh.own(WsClient.connect(mesh.client(), mesh.stack().wsPort(), tenant.bob.token()))
        .subscribe("agent_id:" + tenant.bob.id() + ":chat");
  }

  @AfterContainer
  static void stop() throws Exception {
    System.out.printf("WebSocket fuzz: %d cases (%d protocol-abuse catalogue, the rest random); outcomes %s%n",
        played.get(), HostileFrames.protocolAbuse().size(), new TreeMap<>(outcomes));
    if (fuzzed != null) {
      fuzzed.close();
    }
    mesh.close();
  }

  @AfterProperty
  void aNormalClientOnAnotherConnectionIsUnaffected() throws Exception {
    Liveness.assertReceives(mesh.api(), observer, tenant.alice.token(), tenant.bob.id());
    Liveness.assertServes(mesh.api(), mesh.client(), mesh.stack().wsPort(), tenant);
  }

  /** Every case of the protocol-abuse catalogue on a fresh connection; all violations reported together. */
  @Example
  void protocolAbuseIsClosedWithAProtocolCodeOrAnswered() throws Exception {
    List<String> violations = new ArrayList<>();
    for (HostileFrames.Case c : HostileFrames.protocolAbuse()) {
      closeFuzzed();
      try {
        play(c);
      } catch (AssertionError e) {
        violations.add("- " + e.getMessage());
      }
    }
    if (!violations.isEmpty()) {
      throw new AssertionError(violations.size() + " cases broke the contract:\n" + String.join("\n", violations));
    }
  }

  @Property(tries = 400, shrinking = ShrinkingMode.OFF)
  void randomFramesAreAnsweredAndNeverBreakTheSession(@ForAll("frames") HostileFrames.Case c) throws Exception {
    play(c);
  }

  @Provide
  Arbitrary<HostileFrames.Case> frames() {
    return HostileFrames.random(tenant.alice.id(), tenant.bob.id(), tenant.customerId, UUID.randomUUID().toString(),
        List.of(tenant.chat, tenant.channel, UUID.randomUUID().toString()));
  }

  /** Sends the case on the fuzzed session (opening one if needed) and checks what comes back. */
  private static void play(HostileFrames.Case c) throws Exception {
    played.incrementAndGet();
    if (fuzzed == null || fuzzed.isClosed()) {
      fuzzed = RawWebSocket.open(mesh.stack().wsPort(), tenant.alice.token());
    }
    try {
      playOn(c);
    } catch (AssertionError | IOException e) {
      closeFuzzed(); // the next case starts on a fresh session
      throw e;
    }
  }

  private static void playOn(HostileFrames.Case c) throws Exception {
    boolean writeFailed = false;
    try {
      for (HostileFrames.WireFrame f : c.frames()) {
        if (f.announced() >= 0) {
          fuzzed.sendHeader(f.fin(), f.rsv(), f.opcode(), f.announced(), f.masked());
        } else {
          fuzzed.send(f.fin(), f.rsv(), f.opcode(), f.payload(), f.masked());
        }
      }
    } catch (IOException e) {
      writeFailed = true; // the server closed first: what it sent before is still to be read
    }
    boolean isCloseFrame = c.frames().stream().anyMatch(f -> f.opcode() == RawWebSocket.CLOSE);
    if (writeFailed || c.expect() == HostileFrames.Expect.CLOSED
        || c.expect() == HostileFrames.Expect.CLOSED_OR_ANSWERED) {
      RawWebSocket.Frame closed = awaitClose(c);
      if (closed != null) {
        if (!isCloseFrame && !PROTOCOL_CLOSE_CODES.contains(closed.closeCode())) {
          throw new AssertionError("closed with " + closed + " (not a protocol close code) after " + c);
        }
        outcomes.computeIfAbsent("closed " + closed.closeCode(), k -> new AtomicInteger()).incrementAndGet();
        closeFuzzed();
        return;
      }
      if (c.expect() == HostileFrames.Expect.CLOSED) {
        String then;
        try {
          probe(c);
          then = "the session went on answering" + (largestAnswer > HostileFrames.MAX_FRAME
              ? ", and answered the message itself (an answer of " + largestAnswer + " bytes): it was processed" : "");
        } catch (AssertionError e) {
          then = e.getMessage();
        }
        throw new AssertionError("no close within " + CLOSE_WAIT.toMillis() + " ms after " + c + "; then: " + then);
      }
    }
    boolean invalidFrameSeen = probe(c);
    if (c.frames().stream().mapToInt(f -> f.payload().length).sum() > HostileFrames.MAX_FRAME
        && largestAnswer > HostileFrames.MAX_FRAME) {
      throw new AssertionError("a message over the 64 KiB limit was processed (an answer of " + largestAnswer
          + " bytes) after " + c);
    }
    if (c.expect() == HostileFrames.Expect.INVALID_FRAME && !invalidFrameSeen) {
      throw new AssertionError("no INVALID_FRAME error frame for " + c);
    }
    outcomes.computeIfAbsent("answered", k -> new AtomicInteger()).incrementAndGet();
  }

  /** Reads frames for a short while, checking each; the close frame if one came. */
  private static RawWebSocket.Frame awaitClose(HostileFrames.Case c) throws IOException {
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      RawWebSocket.Frame f = fuzzed.read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (f == null) {
        return null;
      }
      if (f.opcode() == RawWebSocket.CLOSE) {
        return f;
      }
      checkFrame(f, c);
    }
    return null;
  }

  /**
   * Sends a well-formed unsubscribe of one of the agent's own topics, never used before (so no answer to the case
   * itself can be mistaken for its answer), which push-service answers at once, and reads until that answer: the
   * session still works. Returns whether an INVALID_FRAME error came before it.
   */
  private static boolean probe(HostileFrames.Case c) throws IOException {
    String probeTopic = "agent_id:" + self + ":chat:" + UUID.randomUUID();
    fuzzed.sendText(new JsonObject().put("type", "unsubscribe").put("topics", List.of(probeTopic)).encode());
    boolean invalidFrame = false;
    largestAnswer = 0;
    long deadline = System.nanoTime() + HttpContract.DEADLINE.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      RawWebSocket.Frame f = left <= 0 ? null : fuzzed.read(Duration.ofNanos(left));
      if (f == null) {
        throw new AssertionError("the session stopped answering (no reply to a well-formed frame within "
            + HttpContract.DEADLINE.toMillis() + " ms) after " + c);
      }
      if (f.opcode() == RawWebSocket.CLOSE) {
        throw new AssertionError("the session was closed (" + f + ") after " + c);
      }
      largestAnswer = Math.max(largestAnswer, f.payload().length);
      JsonObject frame = checkFrame(f, c);
      if ("error".equals(frame.getString("type")) && "INVALID_FRAME".equals(frame.getString("reason"))) {
        invalidFrame = true;
      }
      if ("unsubscribed".equals(frame.getString("type")) && frame.getJsonArray("topics").contains(probeTopic)) {
        return invalidFrame;
      }
    }
  }

  /** A server frame must be a JSON object text frame with a type; an error names a reason and message, not INTERNAL. */
  private static JsonObject checkFrame(RawWebSocket.Frame f, HostileFrames.Case c) {
    if (f.opcode() != RawWebSocket.TEXT) {
      throw new AssertionError("server sent " + f + " after " + c);
    }
    Object value;
    try {
      value = Json.decodeValue(f.text());
    } catch (DecodeException e) {
      value = null;
    }
    if (!(value instanceof JsonObject frame) || !(frame.getValue("type") instanceof String type)) {
      throw new AssertionError("server frame is not a JSON object with a type: " + f + " after " + c);
    }
    if (type.equals("error") && (!(frame.getValue("reason") instanceof String reason) || reason.isEmpty()
        || reason.equals("INTERNAL") || !(frame.getValue("message") instanceof String))) {
      throw new AssertionError("bad error frame " + frame + " after " + c);
    }
    return frame;
  }

  private static void closeFuzzed() {
    if (fuzzed != null) {
      fuzzed.close();
      fuzzed = null;
    }
  }
}
