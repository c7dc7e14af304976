package io.talkmesh.bench.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The public HTTP API as the bench uses it, over keep-alive HTTP/1.1 connections (one pool, {@code maxConnections}
 * wide). Every call answers the response body, or fails with the status and body when it is not 200 ({@link #exchange}
 * answers any status).
 */
public final class TalkApi {
  private static final String V = "/v1.0";

  private final HttpClient http;
  private final int port;

  public TalkApi(Vertx vertx, int port, int maxConnections) {
    this.port = port;
    this.http = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port)
            .setConnectTimeout(5000).setIdleTimeout(0))
        .with(new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1))
        .build();
  }

  public Future<String> login(String username, String password) {
    return call(HttpMethod.POST, V + "/auth/login", null, new JsonObject().put("username", username).put("password", password))
        .map(json -> json.getString("token"));
  }

  public Future<JsonObject> createAgent(String adminToken, String username, String password) {
    return call(HttpMethod.POST, V + "/agents", adminToken, new JsonObject().put("username", username)
        .put("password", password).put("name", username).put("detail", "bench"));
  }

  /** A chat of {@code type} ("group" or "talk") with the caller and the listed agents as participants. */
  public Future<JsonObject> createChat(String token, String type, String name, Iterable<String> agentIds) {
    JsonArray participants = new JsonArray();
    agentIds.forEach(id -> participants.add(new JsonObject().put("owner_type", "agent").put("owner_id", id)));
    return call(HttpMethod.POST, V + "/service_agents/talk_chats", token,
        new JsonObject().put("type", type).put("name", name).put("participants", participants));
  }

  /** The caller joins a public chat. */
  public Future<JsonObject> join(String token, String chatId, String selfId) {
    return call(HttpMethod.POST, V + "/service_agents/talk_chats/" + chatId + "/participants", token,
        new JsonObject().put("owner_type", "agent").put("owner_id", selfId));
  }

  public Future<JsonObject> send(String token, String chatId, String text) {
    return call(HttpMethod.POST, V + "/service_agents/talk_messages", token,
        new JsonObject().put("chat_id", chatId).put("type", "normal").put("text", text));
  }

  /** The caller sets its own status (available, away, busy, offline, ringing): its presence while it is connected. */
  public Future<JsonObject> setMyStatus(String token, String status) {
    return call(HttpMethod.PUT, V + "/service_agents/me/status", token, new JsonObject().put("status", status));
  }

  /** The first page of the caller's chats, with its read state on each ({@code unread_count}, {@code mention_count}...). */
  public Future<JsonObject> listChats(String token, int pageSize) {
    return call(HttpMethod.GET, V + "/service_agents/talk_chats?page_size=" + pageSize, token, null);
  }

  /** The first page of a message search: {@code q}'s words match as prefixes, ranked. */
  public Future<JsonObject> searchMessages(String token, String q, int pageSize) {
    return call(HttpMethod.GET, searchPath(q, pageSize), token, null);
  }

  /** {@link #searchMessages}'s request as a raw exchange: a probe tells a 404 of a missing route from an answer. */
  public Future<Answer> probeSearch(String token, String q) {
    return exchange(HttpMethod.GET, searchPath(q, 1), token, null);
  }

  private static String searchPath(String q, int pageSize) {
    return V + "/service_agents/talk_search/messages?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
        + "&page_size=" + pageSize;
  }

  /** A response as it came: the status code and the body. */
  public record Answer(int status, Buffer body) {
    /** The {@code error.reason} of an error body, or "" when it has none. */
    public String reason() {
      try {
        JsonObject error = body.toJsonObject().getJsonObject("error");
        return error == null ? "" : error.getString("reason", "");
      } catch (RuntimeException e) {
        return "";
      }
    }
  }

  public Future<JsonObject> call(HttpMethod method, String path, String token, JsonObject body) {
    return exchange(method, path, token, body).compose(answer -> answer.status() == 200
        ? Future.succeededFuture(answer.body().toJsonObject())
        : Future.failedFuture(new IllegalStateException(method + " " + path + " → " + answer.status() + " " + answer.body())));
  }

  public Future<Answer> exchange(HttpMethod method, String path, String token, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setPort(port).setHost("127.0.0.1");
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    Buffer payload = body == null ? Buffer.buffer() : body.toBuffer();
    return http.request(options)
        .compose(req -> req.send(payload))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b)));
  }

  public Future<Void> close() {
    return http.close();
  }
}
