package io.talkmesh.devstack.faults;

import io.talkmesh.devstack.infra.EmbeddedBroker;
import io.talkmesh.devstack.testing.Ports;
import java.net.URI;
import java.util.Map;

/**
 * A dependency taken away from the running services and given back: how to put it between the services and the real
 * thing (by rewriting their environment before they start), how to take it away, how to give it back, and what the
 * verdict calls it. {@link OutageIT} runs every kind under the same load and asserts the same verdict.
 */
enum Outage {
  /**
   * Fault 2: every service's broker connection cut (a TCP proxy between all of them and the broker drops every
   * connection and refuses new ones). Every client reconnects by itself and redeclares its queues; events wait in the
   * outbox; push-service closes its sessions with 1012 after its reconnect and the clients resume what its
   * auto-delete queue missed.
   */
  BROKER_CUT("2 broker connection cut 10 s (all services)", "the broker", "sends refused during the outage (the cut was felt)") {
    @Override
    Fault arrange(Map<String, String> env) throws Exception {
      return Fault.proxied(env, "TALK_AMQP_URI");
    }
  },
  /**
   * Fault 3: talk-manager's database connections cut (a TCP proxy in front of PostgreSQL drops them all and refuses
   * new ones). Nothing is acknowledged that was not committed; the pool and the outbox relay's NOTIFY listener
   * reconnect by themselves. Requests meanwhile fail fast with 503 DATABASE_UNAVAILABLE (this test found them answered
   * 500 INTERNAL before {@code DatabaseErrors} mapped lost and refused connections).
   */
  DATABASE_CUT("3 database connection cut 10 s", "the database", "sends refused during the outage (the cut was felt)") {
    @Override
    Fault arrange(Map<String, String> env) throws Exception {
      return Fault.proxied(env, "TALK_PG_URI");
    }
  },
  /**
   * Fault 2b: the broker itself restarted (a private embedded broker, stopped and started again on the same port, with
   * its in-memory queues and exchanges gone). Every service reconnects and redeclares its topology by itself; events
   * wait in the outbox and are relayed after the restart; clients resume what they missed.
   */
  BROKER_RESTART("2b broker restarted (10 s down)", "the broker", "sends refused while the broker was down") {
    @Override
    Fault arrange(Map<String, String> env) {
      return new RestartedBroker(env);
    }
  };

  /** The verdict's name for the run (the fault catalogue's number and words). */
  final String verdict;
  /** What went away, in the wait messages ("load after the broker came back"). */
  final String dependency;
  /** What the refusals during the outage prove. */
  final String felt;

  Outage(String verdict, String dependency, String felt) {
    this.verdict = verdict;
    this.dependency = dependency;
    this.felt = felt;
  }

  /** Puts the fault between the services and {@code env}'s real dependency; the services start after. */
  abstract Fault arrange(Map<String, String> env) throws Exception;

  @Override
  public String toString() {
    return verdict;
  }

  /** A dependency the test can take away and give back; closing it releases what it started. */
  interface Fault extends AutoCloseable {
    void takeAway() throws Exception;

    void giveBack() throws Exception;

    /** A TCP proxy in front of the URI in {@code variable}; the services are pointed at the proxy. */
    static Fault proxied(Map<String, String> env, String variable) throws Exception {
      URI real = URI.create(env.get(variable));
      TcpProxy proxy = TcpProxy.start(real.getHost(), real.getPort());
      env.put(variable, proxy.uriFor(real));
      return new Fault() {
        @Override
        public void takeAway() {
          proxy.cut();
        }

        @Override
        public void giveBack() {
          proxy.restore();
        }

        @Override
        public void close() throws Exception {
          proxy.close();
        }
      };
    }
  }

  /** A private embedded broker the services use instead of the shared one: stopped, then started on the same port. */
  private static final class RestartedBroker implements Fault {
    private final int port = Ports.free();
    private EmbeddedBroker broker = EmbeddedBroker.start(port);

    RestartedBroker(Map<String, String> env) {
      env.put("TALK_AMQP_URI", broker.uri());
    }

    @Override
    public void takeAway() {
      broker.close();
    }

    @Override
    public void giveBack() {
      broker = EmbeddedBroker.start(port);
    }

    @Override
    public void close() {
      broker.close();
    }
  }
}
