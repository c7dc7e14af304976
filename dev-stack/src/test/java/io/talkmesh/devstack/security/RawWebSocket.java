package io.talkmesh.devstack.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebSocket client written against the bare socket (RFC 6455 by hand), so a test can send what no well-behaved
 * library would: invalid UTF-8 in text frames, unmasked frames, reserved opcodes and bits, oversized frames and
 * lengths, broken fragmentation. Blocking; one test thread per socket.
 */
final class RawWebSocket implements AutoCloseable {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** A frame from the server. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, or -1 when it carries none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }

    @Override
    public String toString() {
      return opcode == CLOSE ? "close " + closeCode() + " " + new String(payload, 2 > payload.length ? payload.length
          : 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8) : "opcode " + opcode + " " + Shown.text(text(), 300);
    }
  }

  /** The answer to an upgrade request: 101 and an open socket, or another status with its headers and body. */
  record Handshake(int status, Map<String, String> headers, String body, RawWebSocket socket) {
  }

  private RawWebSocket(Socket socket, DataInputStream in) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
  }

  /** Sends an upgrade request to {@code path} with the extra headers and reads the answer. */
  static Handshake handshake(int port, String path, Map<String, String> headers) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) HttpContract.DEADLINE.toMillis());
    socket.setTcpNoDelay(true);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(nonce) + "\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
    String statusLine = line(in);
    Map<String, String> answer = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      answer.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    if (status == 101) {
      return new Handshake(status, answer, "", new RawWebSocket(socket, in));
    }
    byte[] body = new byte[Integer.parseInt(answer.getOrDefault("content-length", "0"))];
    in.readFully(body);
    socket.close();
    return new Handshake(status, answer, new String(body, StandardCharsets.UTF_8), null);
  }

  /** Opens a session with {@code ?token=}; fails unless the server upgrades. */
  static RawWebSocket open(int port, String token) throws IOException {
    Handshake h = handshake(port, "/v1.0/ws?token=" + token, Map.of());
    if (h.socket() == null) {
      throw new AssertionError("upgrade refused: " + h.status() + " " + h.body());
    }
    return h.socket();
  }

  void sendText(String text) throws IOException {
    send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Sends one frame exactly as described (rsv: the three RSV bits, 0..7). */
  void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    sendHeader(fin, rsv, opcode, payload.length, masked);
    if (masked) {
      byte[] key = new byte[4];
      RANDOM.nextBytes(key);
      out.write(key);
      byte[] maskedPayload = new byte[payload.length];
      for (int i = 0; i < payload.length; i++) {
        maskedPayload[i] = (byte) (payload[i] ^ key[i % 4]);
      }
      out.write(maskedPayload);
    } else {
      out.write(payload);
    }
    out.flush();
  }

  /** Sends only a frame header announcing {@code length} bytes (e.g. 2^63-1), and a mask key, and no payload. */
  void sendHeader(boolean fin, int rsv, int opcode, long length, boolean masked) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode & 0xf);
    int mask = masked ? 0x80 : 0;
    if (length < 126) {
      header.write(mask | (int) length);
    } else if (length <= 0xffff) {
      header.write(mask | 126);
      header.write((int) (length >> 8) & 0xff);
      header.write((int) length & 0xff);
    } else {
      header.write(mask | 127);
      for (int i = 7; i >= 0; i--) {
        header.write((int) (length >> (8 * i)) & 0xff);
      }
    }
    out.write(header.toByteArray());
    out.flush();
  }

  /**
   * The next message (its fragments joined) or close frame within the timeout (pings are answered, pongs skipped);
   * null when none came in time; a close of code 1006 when the server dropped the connection without a close frame.
   */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int messageOpcode = -1;
    try {
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          return dropped("the server closed the TCP connection without a close frame");
        }
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        int opcode = b0 & 0xf;
        boolean fin = (b0 & 0x80) != 0;
        if (opcode == PING) {
          send(true, 0, PONG, payload, true);
        } else if (opcode == CLOSE) {
          return new Frame(opcode, payload);
        } else if (opcode != PONG) {
          messageOpcode = opcode == CONTINUATION ? messageOpcode : opcode;
          message.writeBytes(payload);
          if (fin) {
            return new Frame(messageOpcode, message.toByteArray());
          }
        }
      }
    } catch (SocketTimeoutException e) {
      if (message.size() > 0) {
        throw new AssertionError("the server left a fragmented message unfinished: " + message.size() + " bytes");
      }
      return null;
    } catch (EOFException | java.net.SocketException e) {
      return dropped("the connection broke without a close frame: " + e);
    }
  }

  /** A connection lost without a close frame, shown as the close code 1006 that RFC 6455 reserves for it. */
  private static Frame dropped(String why) {
    byte[] reason = why.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[reason.length + 2];
    payload[0] = 0x03;
    payload[1] = (byte) 0xEE;
    System.arraycopy(reason, 0, payload, 2, reason.length);
    return new Frame(CLOSE, payload);
  }

  boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed during the handshake after: " + s);
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }
}
