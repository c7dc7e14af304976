package io.talkmesh.bench.baseline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The fan-out limit: a bare Vert.x WebSocket server, one verticle like push-service, that writes the text of every
 * {@code POST /broadcast} to each connected socket of {@code /ws}. No auth, no broker, no subscriptions: what is
 * left is Netty and the kernel. Run in its own JVM by the bench ({@code java -cp bench.jar ... <port>}).
 */
public final class BareBroadcastServer extends VerticleBase {
  private final int port;
  private final List<ServerWebSocket> sockets = new ArrayList<>();
  private HttpServer server;

  private BareBroadcastServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new BareBroadcastServer(Integer.parseInt(args[0])))
        .onSuccess(id -> System.out.println("bare broadcast server listening on " + args[0]))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
        .webSocketHandler(socket -> {
          sockets.add(socket);
          socket.closeHandler(v -> sockets.remove(socket));
        })
        .requestHandler(request -> {
          if (request.path().equals("/broadcast")) {
            request.body().onSuccess(body -> {
              String frame = body.toString();
              for (ServerWebSocket s : sockets) {
                s.writeTextMessage(frame);
              }
              request.response().end(Integer.toString(sockets.size()));
            });
          } else if (request.path().equals("/health/ready")) {
            request.response().end("{\"status\":\"UP\"}");
          } else {
            request.response().setStatusCode(404).end();
          }
        });
    return server.listen(port, "127.0.0.1");
  }
}
