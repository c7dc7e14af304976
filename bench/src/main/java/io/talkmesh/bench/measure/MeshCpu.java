package io.talkmesh.bench.measure;

import io.talkmesh.bench.mesh.Infra;
import io.talkmesh.bench.mesh.Mesh;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * The process groups on talk-mesh's path, sampled from {@code /proc}: each service JVM, PostgreSQL (with this run's
 * backends only), RabbitMQ, and the load generator (this JVM) apart; and the cost of an operation in CPU-ms per
 * group. "path" is the sum of the services, PostgreSQL and RabbitMQ: what a deployment pays, the load generator not.
 */
public final class MeshCpu {
  public static final List<String> SERVICES = List.of("api-gateway", "talk-manager", "push-service", "webhook-service");
  public static final String POSTGRES = "postgres";
  /** Part of {@link #POSTGRES} (so outside "path"): this run's backends, which other databases' work cannot inflate. */
  public static final String POSTGRES_BACKENDS = "postgres.backends";
  public static final String RABBITMQ = "rabbitmq";
  public static final String LOADGEN = "loadgen";
  public static final String PATH = "path";
  /** The groups a cost row shows, in this order. */
  public static final List<String> COLUMNS = List.of("api-gateway", "talk-manager", "push-service", "webhook-service", POSTGRES,
      POSTGRES_BACKENDS, RABBITMQ, PATH, LOADGEN);

  private MeshCpu() {
  }

  /** Every group of a running mesh. */
  public static CpuSampler sampler(Infra infra, Mesh mesh) {
    CpuSampler sampler = new CpuSampler();
    for (String service : SERVICES) {
      long pid = mesh.pid(service);
      sampler.group(service, () -> List.of(pid));
    }
    return sampler.group(POSTGRES, postgres(infra)).group(POSTGRES_BACKENDS, postgresBackends(infra)).group(RABBITMQ, rabbitmq())
        .group(LOADGEN, () -> List.of(ProcessHandle.current().pid()));
  }

  /** PostgreSQL alone, for the pgbench baselines (pgbench itself is the load generator). */
  public static CpuSampler postgresOnly(Infra infra) {
    return new CpuSampler().group(POSTGRES, postgres(infra)).group(POSTGRES_BACKENDS, postgresBackends(infra));
  }

  /** The broker alone, for the broker baseline (its client is this JVM). */
  public static CpuSampler rabbitmqOnly() {
    return new CpuSampler().group(RABBITMQ, rabbitmq());
  }

  private static Supplier<List<Long>> postgres(Infra infra) {
    return () -> CpuSampler.postgres(infra.database());
  }

  /** The machine's RabbitMQ (its Erlang VM runs as user rabbitmq); empty with the embedded broker, which runs in this JVM. */
  private static Supplier<List<Long>> postgresBackends(Infra infra) {
    return () -> CpuSampler.postgresBackends(infra.database());
  }

  private static Supplier<List<Long>> rabbitmq() {
    return () -> CpuSampler.pidsOf("beam.smp", "rabbitmq");
  }

  /**
   * {@code {"operations", "per", "wall_seconds", "cpu_seconds": {group: s}, "cpu_ms_per_op": {group: ms, "path": ms}}}
   * for a {@link CpuSampler#stop()} result: CPU-ms of each group per {@code per} operations (1 or 1,000). "path" sums
   * every group but the load generator and the parts of another group (a dotted name such as
   * {@link #POSTGRES_BACKENDS}).
   */
  public static JsonObject cost(JsonObject sample, long operations, int per) {
    JsonObject seconds = new JsonObject();
    JsonObject ms = new JsonObject();
    double path = 0;
    boolean hasPath = false;
    double units = Math.max(1, operations) / (double) per;
    for (String group : sample.fieldNames()) {
      if (group.equals("wall_seconds")) {
        continue;
      }
      double s = sample.getDouble(group);
      seconds.put(group, s);
      ms.put(group, round3(s * 1000 / units));
      if (!group.equals(LOADGEN) && !group.contains(".")) {
        path += s;
        hasPath = true;
      }
    }
    if (hasPath) {
      seconds.put(PATH, CpuSampler.round(path));
      ms.put(PATH, round3(path * 1000 / units));
    }
    return new JsonObject().put("operations", operations).put("per", per)
        .put("wall_seconds", sample.getDouble("wall_seconds")).put("cpu_seconds", seconds).put("cpu_ms_per_op", ms);
  }

  /**
   * The sum of {@link CpuSampler#stop()} results of several windows (wall seconds and each group's CPU-seconds), so
   * that {@link #cost} gives the CPU per operation over all of them; {@code into} is changed and returned.
   */
  public static JsonObject add(JsonObject into, JsonObject sample) {
    for (String field : sample.fieldNames()) {
      into.put(field, CpuSampler.round(into.getDouble(field, 0.0) + sample.getDouble(field)));
    }
    return into;
  }

  /**
   * {@code {"wall_seconds", "cpu_ms_per_second": {group: ms/s, "path": ms/s}}}: what the groups burn with no load
   * (timers, pings, pool keep-alives, other clients of the shared servers), to read the per-operation figures against.
   */
  public static JsonObject rate(JsonObject sample) {
    double wall = sample.getDouble("wall_seconds");
    JsonObject perSecond = cost(sample, Math.round(wall * 1000), 1000).getJsonObject("cpu_ms_per_op");
    return new JsonObject().put("wall_seconds", wall).put("cpu_ms_per_second", perSecond);
  }

  /** Three significant digits: per-operation figures run from hundredths of a millisecond to seconds. */
  public static double round3(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    double scale = Math.pow(10, 2 - (int) Math.floor(Math.log10(Math.abs(v))));
    return Math.round(v * scale) / scale;
  }
}
