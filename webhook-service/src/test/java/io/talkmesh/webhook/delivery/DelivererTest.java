package io.talkmesh.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.webhook.TargetPolicy;
import io.talkmesh.common.webhook.WebhookSignature;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deliverer against real HTTP servers on 127.0.0.1, well-behaved and hostile. */
class DelivererTest {
  private static final Buffer BODY = Buffer.buffer("{\"id\":\"e1\",\"type\":\"chatmessage_created\"}");
  private static final String SECRET = WebhookSignature.newSecret();
  private Vertx vertx;
  private Deliverer allowed;
  private final List<HttpServerRequest> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void up() throws Exception {
    vertx = Vertx.vertx();
    allowed = new Deliverer(vertx, TargetPolicy.of("127.0.0.1/32"), 1500, 64 * 1024);
  }

  @AfterEach
  void down() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private String serve(Handler<HttpServerRequest> handler) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      seen.add(req);
      handler.handle(req);
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort() + "/in?x=1";
  }

  private Attempt post(Deliverer deliverer, String url) throws Exception {
    return deliverer.post(url, SECRET, "e1", "chatmessage_created", 3, BODY).await(20, TimeUnit.SECONDS);
  }

  @Test
  void aTwoHundredIsDeliveredSignedWithTheEventHeaders() throws Exception {
    String[] got = new String[6];
    String url = serve(req -> req.body().onSuccess(body -> {
      got[0] = req.getHeader(WebhookSignature.SIGNATURE);
      got[1] = req.getHeader(WebhookSignature.TIMESTAMP);
      got[2] = req.getHeader(WebhookSignature.EVENT_ID);
      got[3] = req.getHeader(WebhookSignature.ATTEMPT);
      got[4] = body.toString();
      got[5] = req.uri();
      req.response().setStatusCode(204).end();
    }));
    Attempt a = post(allowed, url);
    assertThat(a.delivered()).as("%s", a).isTrue();
    assertThat(a.statusCode()).isEqualTo(204);
    assertThat(WebhookSignature.verify(SECRET, Long.parseLong(got[1]), got[4].getBytes(), got[0],
        System.currentTimeMillis() / 1000, 60)).isTrue();
    assertThat(got[2]).isEqualTo("e1");
    assertThat(got[3]).isEqualTo("3");
    assertThat(got[5]).isEqualTo("/in?x=1");
  }

  @Test
  void anErrorStatusIsAFailure() throws Exception {
    Attempt a = post(allowed, serve(req -> req.response().setStatusCode(503).end("busy")));
    assertThat(a.delivered()).isFalse();
    assertThat(a.statusCode()).isEqualTo(503);
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    AtomicInteger elsewhere = new AtomicInteger();
    String target = serve(req -> {
      elsewhere.incrementAndGet();
      req.response().end();
    });
    seen.clear();
    Attempt a = post(allowed, serve(req -> req.response().setStatusCode(302).putHeader("Location", target).end()));
    assertThat(a.delivered()).isFalse();
    assertThat(a.error()).contains("redirect not followed");
    assertThat(elsewhere.get()).isZero();
  }

  @Test
  void aHugeAnswerIsNotReadBeyondTheLimit() throws Exception {
    AtomicInteger written = new AtomicInteger();
    Attempt a = post(allowed, serve(req -> {
      req.response().setChunked(true).setStatusCode(200);
      Buffer mb = Buffer.buffer(new byte[1024 * 1024]);
      long timer = vertx.setPeriodic(1, id -> {
        if (!req.response().closed() && !req.response().writeQueueFull() && written.get() < 500) {
          written.incrementAndGet();
          req.response().write(mb);
        }
      });
      req.connection().closeHandler(v -> vertx.cancelTimer(timer));
    }));
    assertThat(a.delivered()).as("the status counts: %s", a).isTrue();
    assertThat(a.millis()).isLessThan(1500);
    assertThat(written.get()).as("MiB the server managed to write before the client hung up").isLessThan(500);
  }

  @Test
  void aSlowDripOrNoAnswerEndsAtTheDeadline() throws Exception {
    Attempt drip = post(allowed, serve(req -> {
      req.response().setChunked(true).setStatusCode(200);
      vertx.setPeriodic(100, id -> {
        if (!req.response().closed()) {
          req.response().write("x");
        }
      });
    }));
    assertThat(drip.delivered()).isFalse();
    assertThat(drip.error()).contains("no answer within 1500 ms");
    Attempt silent = post(allowed, serve(req -> { }));
    assertThat(silent.delivered()).isFalse();
    assertThat(silent.millis()).isBetween(1400L, 5000L);
  }

  @Test
  void theNeighbourhoodIsRefusedBeforeAnyConnection() throws Exception {
    Deliverer strict = new Deliverer(vertx, TargetPolicy.of(""), 1500, 1024);
    String url = serve(req -> req.response().end());
    Attempt literal = post(strict, url);
    assertThat(literal.delivered()).isFalse();
    assertThat(literal.error()).contains("refused");
    String port = url.substring(url.lastIndexOf(':') + 1, url.indexOf('/', url.lastIndexOf(':')));
    String hostName = InetAddress.getLocalHost().getHostName();
    Attempt byName = post(strict, "http://" + hostName + ":" + port + "/in");
    assertThat(byName.delivered()).as("%s resolves to %s", hostName, InetAddress.getLocalHost()).isFalse();
    Attempt metadata = post(strict, "http://169.254.169.254/latest/meta-data/");
    assertThat(metadata.error()).contains("refused");
    assertThat(seen).as("requests that reached the server").isEmpty();
  }
}
