package io.talkmesh.devstack.security;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP/1.1 client for hostile requests, written against the bare socket so nothing between the test and the
 * gateway cleans the request up or gets in the way: any method, the URI byte for byte as given, any headers, any body
 * bytes. Each request has a connection of its own ({@code Connection: close}), so every answer, and every hang,
 * belongs to the request that caused it. It reports what came back and how long it took, and fails the test when no
 * answer comes within the deadline (a hang).
 */
final class RawHttp implements AutoCloseable {
  private final int port;

  /** What is sent; {@code toString} is what a failing test prints, so it names everything needed to replay it. */
  record Request(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    static Request of(HttpMethod method, String uri) {
      return new Request(method, uri, new LinkedHashMap<>(), null);
    }

    Request header(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Request(method, uri, copy, body);
    }

    Request body(Buffer bytes) {
      return new Request(method, uri, headers, bytes);
    }

    Request body(String text) {
      return body(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      String shown = body == null ? "(no body)" : body.length() + " bytes: " + Shown.bytes(body.getBytes(), 300);
      StringBuilder shownHeaders = new StringBuilder();
      headers.forEach((k, v) -> shownHeaders.append(shownHeaders.length() == 0 ? "" : ", ").append(k).append(": ")
          .append(Shown.text(v, k.equalsIgnoreCase("Authorization") || k.equalsIgnoreCase("Cookie") ? 24 : 200)));
      return method + " " + Shown.text(uri, 300) + " [" + shownHeaders + "] " + shown;
    }
  }

  /** What came back. */
  record Reply(int status, MultiMap headers, Buffer body, Duration elapsed) {
    String text() {
      return body == null ? "" : body.toString(StandardCharsets.UTF_8);
    }

    /** The body as JSON, or null when it is not JSON. */
    Object json() {
      try {
        return body == null || body.length() == 0 ? null : Json.decodeValue(body);
      } catch (DecodeException e) {
        return null;
      }
    }

    @Override
    public String toString() {
      return status + " in " + elapsed.toMillis() + " ms: " + Shown.text(text(), 500);
    }
  }

  RawHttp(Vertx vertx, int port) {
    this.port = port;
  }

  /** Sends the request on a new connection and reads the whole answer, failing the test if none comes in time. */
  Reply send(Request request, Duration deadline) {
    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) deadline.toMillis());
      socket.setTcpNoDelay(true);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.writeBytes((request.method() + " " + request.uri() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n").getBytes(StandardCharsets.UTF_8));
      request.headers().forEach((k, v) -> head.writeBytes((k + ": " + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
      if (request.body() != null) {
        head.writeBytes(("Content-Length: " + request.body().length() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      head.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      out.write(head.toByteArray());
      if (request.body() != null) {
        try {
          out.write(request.body().getBytes());
        } catch (IOException e) {
          // the server answered (e.g. 413) and closed before reading it all: read that answer
        }
      }
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()), start);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within " + deadline.toMillis() + " ms (a hang) to " + request);
    } catch (IOException e) {
      throw new AssertionError("request failed (" + e + ") after " + Duration.ofNanos(System.nanoTime() - start)
          .toMillis() + " ms: " + request, e);
    }
  }

  private static Reply read(InputStream in, long start) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("the server closed the connection without an answer");
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.add(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
    }
    Buffer body = Buffer.buffer();
    if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
      for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
           size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        body.appendBytes(in.readNBytes(size));
        line(in);
      }
    } else if (headers.get("Content-Length") != null) {
      body.appendBytes(in.readNBytes(Integer.parseInt(headers.get("Content-Length"))));
    } else {
      body.appendBytes(in.readAllBytes());
    }
    return new Reply(Integer.parseInt(status.split(" ")[1]), headers, body, Duration.ofNanos(System.nanoTime() - start));
  }

  /** A header line without its CRLF, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    // nothing held between requests
  }
}
