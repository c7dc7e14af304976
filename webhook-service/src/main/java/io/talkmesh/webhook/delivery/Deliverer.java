package io.talkmesh.webhook.delivery;

import io.talkmesh.common.webhook.TargetPolicy;
import io.talkmesh.common.webhook.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs one payload to one URL, defensively: the host is resolved here and every address it resolves to must be
 * one {@link TargetPolicy} allows, and the connection goes to that checked address (the URL's host still names the
 * {@code Host} header and, for https, the TLS server name and the certificate check), so a name that re-resolves to an
 * internal address between check and connect gains nothing; redirects are not followed (a 3xx is a failure); the
 * answer's body is read up to a limit and then the connection is dropped; one deadline covers connect, a slow drip
 * and everything else.
 */
public final class Deliverer {
  public static final String USER_AGENT = "talk-mesh-webhooks/1";
  private final Vertx vertx;
  private final HttpClient client;
  private final TargetPolicy policy;
  private final long timeoutMs;
  private final int maxResponseBytes;

  public Deliverer(Vertx vertx, TargetPolicy policy, long timeoutMs, int maxResponseBytes) {
    this.vertx = vertx;
    this.policy = policy;
    this.timeoutMs = timeoutMs;
    this.maxResponseBytes = maxResponseBytes;
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) Math.min(timeoutMs, 5000))
            .setKeepAlive(true)
            .setForceSni(true)
            .setVerifyHost(true)
            .setMaxRedirects(0),
        new PoolOptions().setHttp1MaxSize(8));
  }

  /**
   * Sends {@code body} to {@code url}, signed with {@code secret} when there is one; never fails, the outcome says.
   */
  public Future<Attempt> post(String url, String secret, String eventId, String eventType, int attempt, Buffer body) {
    long start = System.nanoTime();
    URI uri;
    try {
      uri = policy.checkUrl(url);
    } catch (RuntimeException e) {
      return Future.succeededFuture(Attempt.failed("refused url: " + e.getMessage(), 0));
    }
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return vertx.<InetAddress>executeBlocking(() -> checkedAddress(host))
        .transform(resolved -> {
          if (resolved.failed()) {
            return Future.succeededFuture(Attempt.failed(resolved.cause().getMessage(), millisSince(start)));
          }
          long now = System.currentTimeMillis() / 1000;
          RequestOptions options = new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setServer(SocketAddress.inetSocketAddress(port, resolved.result().getHostAddress()))
              .setHost(host)
              .setPort(port)
              .setSsl(https)
              .setURI(path)
              .setFollowRedirects(false)
              .setIdleTimeout(timeoutMs)
              .putHeader("Content-Type", "application/json")
              .putHeader("User-Agent", USER_AGENT)
              .putHeader(WebhookSignature.EVENT_ID, eventId)
              .putHeader(WebhookSignature.EVENT_TYPE, eventType)
              .putHeader(WebhookSignature.ATTEMPT, Integer.toString(attempt))
              .putHeader(WebhookSignature.TIMESTAMP, Long.toString(now));
          if (secret != null && !secret.isEmpty()) {
            options.putHeader(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, now, body.getBytes()));
          }
          return send(options, body, start);
        });
  }

  private Future<Attempt> send(RequestOptions options, Buffer body, long start) {
    Promise<Attempt> outcome = Promise.promise();
    AtomicBoolean done = new AtomicBoolean();
    long deadline = vertx.setTimer(timeoutMs, id -> {
      if (done.compareAndSet(false, true)) {
        outcome.tryComplete(Attempt.failed("no answer within " + timeoutMs + " ms", millisSince(start)));
      }
    });
    client.request(options)
        .compose(request -> {
          // the deadline also ends a request that is still connecting or being answered byte by byte
          outcome.future().onComplete(ar -> request.reset());
          return request.send(body);
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            finish(done, deadline, outcome, Attempt.failed(ar.cause().toString(), millisSince(start)));
            return;
          }
          HttpClientResponse response = ar.result();
          int status = response.statusCode();
          AtomicLong read = new AtomicLong();
          response.handler(chunk -> {
            if (read.addAndGet(chunk.length()) > maxResponseBytes) {
              // read no more of an oversized answer: the status is what counts
              finish(done, deadline, outcome, judged(status, millisSince(start)));
            }
          });
          response.exceptionHandler(err -> finish(done, deadline, outcome, judged(status, millisSince(start))));
          response.endHandler(v -> finish(done, deadline, outcome, judged(status, millisSince(start))));
        });
    return outcome.future();
  }

  private static Attempt judged(int status, long millis) {
    if (status >= 200 && status < 300) {
      return new Attempt(true, status, null, millis);
    }
    String why = status >= 300 && status < 400 ? "redirect not followed" : "answered " + status;
    return new Attempt(false, status, why, millis);
  }

  private void finish(AtomicBoolean done, long deadline, Promise<Attempt> outcome, Attempt attempt) {
    if (done.compareAndSet(false, true)) {
      vertx.cancelTimer(deadline);
      outcome.tryComplete(attempt);
    }
  }

  /** Resolves {@code host} (blocking: on a worker) and returns an address, if every address it has is allowed. */
  private InetAddress checkedAddress(String host) throws UnknownHostException {
    InetAddress[] all = InetAddress.getAllByName(host);
    for (InetAddress address : all) {
      if (!policy.allows(address)) {
        throw new UnknownHostException("refused target: " + host + " resolves to " + address.getHostAddress()
            + " (loopback, private, link-local or reserved)");
      }
    }
    return all[0];
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  public Future<Void> close() {
    return client.close();
  }
}
