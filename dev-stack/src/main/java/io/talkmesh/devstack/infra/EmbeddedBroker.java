package io.talkmesh.devstack.infra;

import io.talkmesh.devstack.infra.qpid.RabbitTtlVirtualHost;
import io.talkmesh.testinfra.InfraFiles;
import io.talkmesh.testinfra.InfraLogging;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-process AMQP 0-9-1 broker (Apache Qpid Broker-J, memory store) listening on 127.0.0.1,
 * user guest/guest, its single virtual host reachable as "/" (and by any other name, through the
 * default alias). Work dir in a temp dir, removed on {@link #close()}.
 */
public final class EmbeddedBroker implements AutoCloseable {

  /** Interval at which Qpid purges expired messages from queues nobody consumes (Qpid default: 30 s). */
  private static final long HOUSEKEEPING_PERIOD_MS = 500;

  /** Qpid's context variable for queue-declare arguments it does not know: FAIL (its default), LOG or IGNORE. */
  static final String UNKNOWN_QUEUE_ARGUMENTS = "queue.behaviourOnUnknownDeclareArgument";

  private final SystemLauncher launcher;
  private final Path workDir;
  private final int port;
  private volatile boolean closed;

  private EmbeddedBroker(SystemLauncher launcher, Path workDir, int port) {
    this.launcher = launcher;
    this.workDir = workDir;
    this.port = port;
  }

  /** Starts a broker on {@code port} (0 = a free port). */
  public static EmbeddedBroker start(int port) {
    // Qpid logs through slf4j: its own loggers and the operational log (qpid.message.*, qpid.statistics.*)
    InfraLogging.warnUnlessConfigured("org.apache.qpid", "qpid");
    Path workDir = null;
    try {
      workDir = Files.createTempDirectory("talk-qpid-");
      Path config = workDir.resolve("initial-config.json");
      Files.writeString(config, initialConfig(port), StandardCharsets.UTF_8);

      AtomicReference<SystemConfig<?>> systemConfig = new AtomicReference<>();
      SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
        @Override
        public void onContainerResolve(SystemConfig<?> sc) {
          systemConfig.set(sc);
        }
      });

      Map<String, String> context = new HashMap<>();
      context.put("QPID_WORK", workDir.toString());
      context.put("qpid.work_dir", workDir.toString());
      context.put("qpid.home_dir", workDir.toString());
      // Qpid refuses RabbitMQ's queue arguments (x-message-ttl, x-max-length, x-overflow: push-service's signal
      // queue) and closes the connection; here it declares the queue without them (IGNORE: LOG would warn on the
      // terminal at every push-service start), so the queue is unbounded on this development broker only.
      context.put(UNKNOWN_QUEUE_ARGUMENTS, "IGNORE");

      Map<String, Object> attributes = new HashMap<>();
      attributes.put(SystemConfig.TYPE, "Memory");
      attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.toAbsolutePath().toString());
      attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
      attributes.put(SystemConfig.CONTEXT, context);
      try {
        launcher.startup(attributes);
      } catch (Exception e) {
        try {
          launcher.shutdown();
        } catch (RuntimeException ignored) {
          // already failed
        }
        throw new IllegalStateException("cannot start embedded Qpid broker on port " + port, e);
      }
      int bound = boundPort(systemConfig.get(), port);
      return new EmbeddedBroker(launcher, workDir, bound);
    } catch (IOException e) {
      InfraFiles.deleteQuietly(workDir);
      throw new UncheckedIOException("cannot prepare embedded Qpid broker", e);
    } catch (RuntimeException e) {
      InfraFiles.deleteQuietly(workDir);
      throw e;
    }
  }

  private static int boundPort(SystemConfig<?> systemConfig, int requested) {
    if (systemConfig != null) {
      Broker<?> broker = (Broker<?>) systemConfig.getContainer(Broker.class);
      if (broker != null) {
        for (Port<?> p : broker.getPorts()) {
          if ("AMQP".equals(p.getName()) && p.getBoundPort() > 0) {
            return p.getBoundPort();
          }
        }
      }
    }
    if (requested > 0) {
      return requested;
    }
    throw new IllegalStateException("embedded Qpid broker started but its AMQP port is not bound");
  }

  /** The broker configuration (Qpid "initial config", model 9.1) for an AMQP port on 127.0.0.1. */
  static String initialConfig(int port) {
    String virtualHostBlueprint = "{\"type\":\"" + RabbitTtlVirtualHost.TYPE + "\",\"housekeepingCheckPeriod\":" + HOUSEKEEPING_PERIOD_MS + "}";
    return """
        {
          "name": "talk-mesh-embedded-broker",
          "modelVersion": "9.1",
          "authenticationproviders": [ {
            "name": "plain",
            "type": "Plain",
            "secureOnlyMechanisms": [],
            "users": [ { "name": "guest", "type": "managed", "password": "guest" } ]
          } ],
          "ports": [ {
            "name": "AMQP",
            "type": "AMQP",
            "port": %d,
            "bindingAddress": "127.0.0.1",
            "protocols": [ "AMQP_0_9_1", "AMQP_0_9", "AMQP_0_8" ],
            "authenticationProvider": "plain",
            "virtualhostaliases": [
              { "name": "nameAlias", "type": "nameAlias" },
              { "name": "defaultAlias", "type": "defaultAlias" }
            ]
          } ],
          "virtualhostnodes": [ {
            "name": "default",
            "type": "Memory",
            "defaultVirtualHostNode": "true",
            "virtualHostInitialConfiguration": "%s"
          } ]
        }
        """.formatted(port, virtualHostBlueprint.replace("\"", "\\\""));
  }

  public int port() {
    return port;
  }

  /** {@code amqp://guest:guest@127.0.0.1:<port>} (virtual host "/" is the default). */
  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      launcher.shutdown();
    } finally {
      InfraFiles.deleteQuietly(workDir);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedBroker[" + uri() + "]";
  }
}
