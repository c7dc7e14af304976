package io.talkmesh.bench.peer;

import io.talkmesh.bench.Plan;
import io.talkmesh.bench.client.Deliveries;
import io.talkmesh.bench.client.Marker;
import io.talkmesh.bench.client.PushClient;
import io.talkmesh.bench.client.TalkApi;
import io.talkmesh.bench.load.Batches;
import io.talkmesh.bench.load.Burst;
import io.talkmesh.bench.load.ClosedLoop;
import io.talkmesh.bench.load.Outcome;
import io.talkmesh.bench.measure.CpuSampler;
import io.talkmesh.bench.measure.Latency;
import io.talkmesh.bench.measure.MeshCpu;
import io.talkmesh.bench.measure.Progress;
import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.mesh.Mesh;
import io.talkmesh.bench.scenario.Population;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 12 item 4, side by side with ejabberd in the same run: (a) K rooms/chats with one closed-loop sender and one
 * receiver each, (b) fan-out into one room/channel of M connected members, (c) CPU-seconds per 1,000 deliveries of
 * each server's process group, (d) memory per connected session. The same bodies ("hello " / "fanout " + the bench
 * stamp) on both, the same PostgreSQL with synchronous_commit on: talk-mesh commits each message with its event
 * before it answers, ejabberd archives each room message (mod_mam, SQL) before the room fans it out.
 */
public final class PeerBench {
  private PeerBench() {
  }

  public static JsonObject run(Vertx vertx, Plan plan, Infra infra, Mesh mesh, TalkApi api, PushClient push,
                               Population pop, Deliveries deliveries, Path root) {
    JsonObject out = new JsonObject();
    int k = plan.pairs();
    int m = plan.fanoutSizes().contains(1000) ? 1000 : plan.fanoutSizes().get(0);
    int messages = plan.fanoutMessages().get(m);
    out.put("pairs", k).put("members", m).put("fanout_messages", messages).put("window", plan.senderWindow());
    try {
      out.put("talk_mesh", talkMesh(infra, mesh, api, push, pop, deliveries, plan, k, m, messages));
    } catch (Exception e) {
      Progress.say("peer: talk-mesh side failed: %s", e);
      out.put("talk_mesh_error", String.valueOf(e));
    }
    if (infra.database().equals("talk_bench")) {
      Progress.say("peer: embedded infrastructure: skipping the ejabberd peer (it runs on the real PostgreSQL only)");
      return out.put("ejabberd_skipped", "embedded infrastructure");
    }
    try (PeerServer server = PeerServer.start(infra.pgHost(), infra.pgPort(), root.resolve("bench").resolve("peer"))) {
      if (server == null) {
        return out.put("ejabberd_skipped", "ejabberd not installable or already running here");
      }
      out.put("ejabberd", ejabberd(vertx, server, plan, k, m, messages));
    } catch (Exception e) {
      Progress.say("peer: ejabberd side failed: %s", e);
      e.printStackTrace();
      out.put("ejabberd_error", String.valueOf(e));
    }
    summary(out);
    return out;
  }

  private static CpuSampler meshCpu(Infra infra, Mesh mesh) {
    List<Long> jvms = MeshCpu.SERVICES.stream().map(mesh::pid).toList();
    return new CpuSampler().group("server_cpu_s", () -> jvms).group("rabbitmq_cpu_s", () -> CpuSampler.pidsOf("beam.smp", "rabbitmq"))
        .group("postgres_cpu_s", () -> CpuSampler.postgres(infra.database()))
        .group("loadgen_cpu_s", () -> List.of(ProcessHandle.current().pid()));
  }

  private static JsonObject talkMesh(Infra infra, Mesh mesh, TalkApi api, PushClient push, Population pop,
                                     Deliveries deliveries, Plan plan, int k, int m, int messages) throws Exception {
    JsonObject r = new JsonObject();
    Progress.say("peer: talk-mesh (a) %d chats, closed loop, %d s", k, plan.send().toSeconds());
    List<WebSocket> receivers = Batches.run("connect receivers", k, 16,
        i -> push.connectSubscribed(pop.receivers.get(i).token(), pop.receivers.get(i).id()));
    Latency pushed = new Latency();
    LongAdder received = new LongAdder();
    deliveries.listen("peer-send", (sent, at) -> {
      pushed.recordNanos(at - sent);
      received.increment();
    });
    CpuSampler cpu = meshCpu(infra, mesh).start();
    Outcome closed = ClosedLoop.run("peer talk-mesh (a)", k, plan.send(), (w, start) ->
        api.send(pop.senders.get(w).token(), pop.pairChats.get(w), "hello " + Marker.stamp("peer-send", start)));
    Thread.sleep(1000);
    JsonObject c = cpu.stop();
    deliveries.stop("peer-send");
    receivers.forEach(WebSocket::close);
    r.put("rooms", roomsJson(closed.throughput(), pushed, received.sum(), c));

    long pushPid = mesh.pid("push-service");
    long rssBefore = rss(pushPid);
    Progress.say("peer: talk-mesh (b) fan-out, %d members", m);
    List<WebSocket> members = Batches.run("connect members", m, 64,
        i -> push.connectSubscribed(pop.members.get(i).token(), pop.members.get(i).id()));
    Thread.sleep(1000);
    long rssAfter = rss(pushPid);
    String channel = pop.channels.get(m);
    CpuSampler fcpu = meshCpu(infra, mesh).start();
    JsonObject burst = Burst.run("peer-fanout", deliveries, messages, plan.senderWindow(), m, Duration.ofSeconds(120),
        stamp -> api.send(pop.adminToken, channel, "fanout " + Marker.stamp("peer-fanout", stamp)));
    JsonObject fc = fcpu.stop();
    members.forEach(WebSocket::close);
    r.put("fanout", fanoutJson(burst, fc));
    r.put("memory", new JsonObject().put("process", "push-service JVM").put("sessions", m)
        .put("rss_before_bytes", rssBefore).put("rss_after_bytes", rssAfter)
        .put("bytes_per_session", (rssAfter - rssBefore) / m));
    Thread.sleep(1000);
    return r;
  }

  private static JsonObject ejabberd(Vertx vertx, PeerServer server, Plan plan, int k, int m, int messages) throws Exception {
    long t0 = System.nanoTime();
    server.registerUsers("s", k, 8);
    server.registerUsers("r", k, 8);
    server.registerUsers("f", m + 1, 8);
    for (int i = 0; i < k; i++) {
      server.createRoom("pair" + i);
    }
    server.createRoom("fan");
    Progress.say("peer: %d users and %d rooms in %.1f s", 2 * k + m + 1, k + 1, (System.nanoTime() - t0) / 1e9);
    NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(15_000));
    List<XmppSession> all = new ArrayList<>();
    JsonObject r = new JsonObject();
    try {
      List<XmppSession> senders = Batches.run("xmpp senders", k, 8, i -> XmppSession.login(client, "s" + i)
          .compose(s -> s.join("pair" + i, "s" + i).map(s)));
      List<XmppSession> receivers = Batches.run("xmpp receivers", k, 8, i -> XmppSession.login(client, "r" + i)
          .compose(s -> s.join("pair" + i, "r" + i).map(s)));
      all.addAll(senders);
      all.addAll(receivers);
      closedLoop(server, senders, receivers, Duration.ofSeconds(Math.max(2, plan.send().toSeconds() / 3)), "peer-warm");
      Progress.say("peer: ejabberd (a) %d rooms, closed loop, %d s", k, plan.send().toSeconds());
      r.put("rooms", closedLoop(server, senders, receivers, plan.send(), "peer-send"));
      long archived = 0;
      for (int i = 0; i < k; i++) {
        archived += server.archivedMessages("pair" + i);
      }
      r.getJsonObject("rooms").put("archived_rows", archived);

      long beam = server.beamPid();
      long rssBefore = rss(beam);
      Progress.say("peer: ejabberd (b) joining %d members (presence to every occupant, outside the timed window)", m);
      List<XmppSession> members = Batches.run("xmpp members", m, 8, i -> XmppSession.login(client, "f" + i)
          .compose(s -> s.join("fan", "f" + i).map(s)));
      all.addAll(members);
      Thread.sleep(1000);
      long rssAfter = rss(beam);
      XmppSession sender = XmppSession.login(client, "f" + m).compose(s -> s.join("fan", "f" + m).map(s))
          .await(30, TimeUnit.SECONDS);
      all.add(sender);
      Thread.sleep(500);
      r.put("fanout", fanout(server, sender, members, messages, plan.senderWindow()));
      r.put("memory", new JsonObject().put("process", "ejabberd beam.smp").put("sessions", m)
          .put("rss_before_bytes", rssBefore).put("rss_after_bytes", rssAfter)
          .put("bytes_per_session", (rssAfter - rssBefore) / m));
    } finally {
      for (XmppSession s : all) {
        s.close();
      }
      Thread.sleep(500);
      client.close().await(10, TimeUnit.SECONDS);
    }
    return r;
  }

  private static CpuSampler peerCpu(PeerServer server) {
    return new CpuSampler().group("server_cpu_s", () -> CpuSampler.pidsOf("beam.smp", "ejabberd"))
        .group("postgres_cpu_s", () -> CpuSampler.postgres(server.database()))
        .group("loadgen_cpu_s", () -> List.of(ProcessHandle.current().pid()));
  }

  /** One closed-loop sender per room: the next message when the room reflected the previous one (archived, fanned out). */
  private static JsonObject closedLoop(PeerServer server, List<XmppSession> senders, List<XmppSession> receivers,
                                       Duration duration, String tag) throws InterruptedException {
    Latency latency = new Latency();
    LongAdder received = new LongAdder();
    LongAdder sent = new LongAdder();
    java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
    listen(receivers, tag, open, latency, received, new AtomicLong());
    long deadline = System.nanoTime() + duration.toNanos();
    CountDownLatch done = new CountDownLatch(senders.size());
    CpuSampler cpu = peerCpu(server).start();
    long start = System.nanoTime();
    AtomicLong end = new AtomicLong(start);
    for (int i = 0; i < senders.size(); i++) {
      XmppSession s = senders.get(i);
      String room = "pair" + i;
      s.onBody((text, at) -> {
        Marker.Stamp st = Marker.find(text);
        if (st == null || !st.tag().equals(tag)) {
          return;
        }
        sent.increment();
        end.accumulateAndGet(at, Math::max);
        if (at < deadline) {
          s.send(room, "hello " + Marker.stamp(tag, System.nanoTime()));
        } else {
          done.countDown();
        }
      });
      s.send(room, "hello " + Marker.stamp(tag, System.nanoTime()));
    }
    if (!done.await(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
      Progress.say("peer: some ejabberd rooms stopped answering");
    }
    Thread.sleep(1000);
    JsonObject c = cpu.stop();
    open.set(false);
    Thread.sleep(100);
    double seconds = (end.get() - start) / 1e9;
    return roomsJson(sent.sum() / seconds, latency, received.sum(), c);
  }

  /** {@code messages} into the fan room, at most {@code window} not yet reflected to the sender. */
  private static JsonObject fanout(PeerServer server, XmppSession sender, List<XmppSession> members, int messages,
                                   int window) throws InterruptedException {
    String tag = "peer-fanout";
    Latency latency = new Latency();
    LongAdder received = new LongAdder();
    AtomicLong last = new AtomicLong();
    java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
    listen(members, tag, open, latency, received, last);
    Semaphore permits = new Semaphore(window);
    sender.onBody((text, at) -> permits.release());
    long expected = (long) messages * members.size();
    CpuSampler cpu = peerCpu(server).start();
    long first = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        break;
      }
      sender.send("fan", "fanout " + Marker.stamp(tag, System.nanoTime()));
    }
    long deadline = first + TimeUnit.SECONDS.toNanos(120);
    while (received.sum() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    JsonObject c = cpu.stop();
    open.set(false);
    Thread.sleep(100);
    double seconds = (Math.max(last.get(), first) - first) / 1e9;
    JsonObject burst = new JsonObject().put("members", members.size()).put("messages", messages)
        .put("expected", expected).put("received", received.sum()).put("seconds", Latency.round(seconds))
        .put("deliveries_per_second", Latency.round(seconds > 0 ? received.sum() / seconds : 0))
        .put("latency", json(latency)).put("archived_rows", server.archivedMessages("fan"));
    return fanoutJson(burst, c);
  }

  private static JsonObject roomsJson(double msgPerSecond, Latency latency, long deliveries, JsonObject cpu) {
    return new JsonObject().put("messages_per_second", Latency.round(msgPerSecond)).put("deliveries", deliveries)
        .put("latency", json(latency)).put("cpu", cpu).put("cpu_s_per_1000_deliveries", per1000(cpu, deliveries));
  }

  private static JsonObject fanoutJson(JsonObject burst, JsonObject cpu) {
    return burst.put("cpu", cpu).put("cpu_s_per_1000_deliveries", per1000(cpu, burst.getLong("received")));
  }

  /** Server group (+ PostgreSQL, + RabbitMQ for talk-mesh) CPU-seconds per 1,000 deliveries; the load generator apart. */
  private static JsonObject per1000(JsonObject cpu, long deliveries) {
    double server = cpu.getDouble("server_cpu_s") + cpu.getDouble("rabbitmq_cpu_s", 0.0);
    double total = server + cpu.getDouble("postgres_cpu_s");
    double d = Math.max(1, deliveries) / 1000.0;
    return new JsonObject().put("server", CpuSampler.round(server / d)).put("postgres", CpuSampler.round(cpu.getDouble("postgres_cpu_s") / d))
        .put("total", CpuSampler.round(total / d)).put("loadgen", CpuSampler.round(cpu.getDouble("loadgen_cpu_s") / d));
  }

  /** HdrHistogram's iterators throw if a value is recorded meanwhile (a straggler): read again. */
  private static JsonObject json(Latency latency) {
    for (int i = 0; ; i++) {
      try {
        return latency.toJson();
      } catch (java.util.ConcurrentModificationException e) {
        if (i == 10) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static long rss(long pid) {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static void summary(JsonObject p) {
    for (String side : List.of("talk_mesh", "ejabberd")) {
      JsonObject s = p.getJsonObject(side);
      if (s == null) {
        continue;
      }
      JsonObject a = s.getJsonObject("rooms");
      JsonObject b = s.getJsonObject("fanout");
      JsonObject mem = s.getJsonObject("memory");
      Progress.say("peer %-9s (a) %d rooms: %,.0f msg/s p50 %s p99 %s ms, %.3f CPU-s/1k deliveries | (b) M=%d: %,.0f deliveries/s "
              + "p50 %s p99 %s ms, %.3f CPU-s/1k | (d) %,d B/session", side, p.getInteger("pairs"),
          a.getDouble("messages_per_second"), a.getJsonObject("latency").getValue("p50_ms"),
          a.getJsonObject("latency").getValue("p99_ms"), a.getJsonObject("cpu_s_per_1000_deliveries").getDouble("total"),
          p.getInteger("members"), b.getDouble("deliveries_per_second"), b.getJsonObject("latency").getValue("p50_ms"),
          b.getJsonObject("latency").getValue("p99_ms"), b.getJsonObject("cpu_s_per_1000_deliveries").getDouble("total"),
          mem.getLong("bytes_per_session"));
    }
  }

  /** The BENCHMARKS.md table: talk-mesh beside ejabberd on the same work. */
  public static String markdown(JsonObject p) {
    if (p == null) {
      return "";
    }
    StringBuilder md = new StringBuilder("\n### Side by side with ejabberd (same run, same PostgreSQL, synchronous_commit on)\n\n");
    JsonObject t = p.getJsonObject("talk_mesh");
    JsonObject e = p.getJsonObject("ejabberd");
    if (e == null) {
      md.append("ejabberd: ").append(p.getString("ejabberd_skipped", p.getString("ejabberd_error", "not run"))).append("\n\n");
    }
    md.append("| figure | talk-mesh | ejabberd 23.01 (MUC + MAM on SQL) |\n| --- | ---: | ---: |\n");
    row(md, "(a) " + p.getInteger("pairs") + " rooms, closed loop: msg/s", t, e, "rooms", "messages_per_second", null);
    row(md, "(a) sender→receiver p50 ms", t, e, "rooms", "latency", "p50_ms");
    row(md, "(a) sender→receiver p99 ms", t, e, "rooms", "latency", "p99_ms");
    row(md, "(a) CPU-s per 1,000 deliveries (server + PostgreSQL)", t, e, "rooms", "cpu_s_per_1000_deliveries", "total");
    row(md, "(b) fan-out M=" + p.getInteger("members") + ": deliveries/s", t, e, "fanout", "deliveries_per_second", null);
    row(md, "(b) fan-out p50 ms", t, e, "fanout", "latency", "p50_ms");
    row(md, "(b) fan-out p99 ms", t, e, "fanout", "latency", "p99_ms");
    row(md, "(c) fan-out CPU-s per 1,000 deliveries (server + PostgreSQL)", t, e, "fanout", "cpu_s_per_1000_deliveries", "total");
    row(md, "(d) memory per connected session, bytes (RSS delta)", t, e, "memory", "bytes_per_session", null);
    md.append("\ntalk-mesh's server group is its four JVMs plus RabbitMQ; ejabberd's is its beam.smp. PostgreSQL counts its ")
        .append("server processes and the run's own database's backends. The load generator is apart.\n");
    return md.toString();
  }

  private static void row(StringBuilder md, String name, JsonObject t, JsonObject e, String part, String field, String sub) {
    md.append("| ").append(name).append(" | ").append(cell(t, part, field, sub)).append(" | ").append(cell(e, part, field, sub))
        .append(" |\n");
  }

  private static String cell(JsonObject side, String part, String field, String sub) {
    if (side == null || side.getJsonObject(part) == null) {
      return "n/a";
    }
    Object v = side.getJsonObject(part).getValue(field);
    if (sub != null && v instanceof JsonObject o) {
      v = o.getValue(sub);
    }
    return v instanceof Number n ? String.format(Locale.ROOT, n.doubleValue() >= 100 ? "%,.0f" : "%.3g", n.doubleValue()) : "n/a";
  }

  /** Each receiver records the latency of the bodies stamped with {@code tag} while {@code open}, and the last arrival. */
  private static void listen(List<XmppSession> receivers, String tag, java.util.concurrent.atomic.AtomicBoolean open,
                             Latency latency, LongAdder received, AtomicLong last) {
    for (XmppSession r : receivers) {
      r.onBody((text, at) -> {
        Marker.Stamp s = Marker.find(text);
        if (s != null && s.tag().equals(tag) && open.get()) {
          latency.recordNanos(at - s.nanos());
          received.increment();
          last.accumulateAndGet(at, Math::max);
        }
      });
    }
  }
}
