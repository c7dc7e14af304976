package io.talkmesh.bench;

import io.talkmesh.bench.scenario.BigCustomerScenario;
import io.talkmesh.bench.scenario.PresenceScenario;
import io.talkmesh.bench.scenario.SearchScenario;
import io.talkmesh.bench.scenario.UnreadListScenario;
import io.talkmesh.bench.scenario.WebhookScenario;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How big and how long each phase is: {@link #full()} fits in about 20 minutes on a 2-core machine, {@link #quick()} in
 * under 2 (CI-sized; the figures are only a smoke check).
 *
 * @param pairs            sender/receiver pairs (send and e2e scenarios)
 * @param fanoutSizes      the M of each fan-out channel; the largest is the number of member agents created
 * @param fanoutMessages   messages sent into each fan-out channel
 * @param senderWindow     unanswered sends the fan-out sender keeps in flight
 * @param openFraction     open-loop send rate as a fraction of the closed-loop maximum
 * @param e2eRate          e2e scenario rate, messages/s
 * @param rpcConcurrencies requests in flight in the rpc scenario and broker round-trip baseline
 * @param connectionTarget sessions the connections scenario tries to hold
 * @param connectionStep   sessions opened between two memory measurements
 * @param sourceAddresses  loopback source addresses for client sockets (127.0.0.1 … 127.0.0.n)
 * @param subscribeIdle    whether the idle sessions also subscribe (one talk-manager RPC each)
 * @param agentsViaApi     agents created through the HTTP API (bcrypt each); further fan-out members are seeded
 * @param headline         the warm-up before the headline send figures and how many times they are measured
 * @param bigCustomer      the big-customer scenario's chats, rate, idle-session steps and windows
 * @param presence         the presence scenario's agents, rate of changes and windows
 * @param unreadList       the unread-list scenario's chats, messages per chat (and the baseline's) and windows
 * @param search           the search scenario's messages, chats, vocabulary and windows
 * @param webhooks         the webhooks scenario's endpoints, send rate and windows
 */
public record Plan(String mode, int pairs, List<Integer> fanoutSizes, Map<Integer, Integer> fanoutMessages,
                   int senderWindow, Duration send, double openFraction, double e2eRate, Duration e2e,
                   List<Integer> rpcConcurrencies, Duration rpc, Duration pg, Duration broker,
                   int connectionTarget, int connectionStep, long connectionBudgetSeconds, int sourceAddresses,
                   boolean subscribeIdle, int agentsViaApi, Headline headline,
                   BigCustomerScenario.Settings bigCustomer, PresenceScenario.Settings presence,
                   UnreadListScenario.Settings unreadList,
                   SearchScenario.Settings search, WebhookScenario.Settings webhooks) {

  /**
   * @param warmupWindow the length of one warm-up window
   * @param warmupCap    the warm-up ends here even if the throughput is not stable yet
   * @param repetitions  runs of the headline send closed loop and of the send-shaped pgbench (median reported)
   */
  public record Headline(Duration warmupWindow, Duration warmupCap, int repetitions) {
  }

  public static Plan full() {
    Map<Integer, Integer> messages = new LinkedHashMap<>();
    messages.put(100, 400);
    messages.put(1000, 100);
    messages.put(5000, 30);
    return new Plan("full", 16, List.of(100, 1000, 5000), messages, 8, Duration.ofSeconds(30), 0.6, 100,
        Duration.ofSeconds(30), List.of(1, 32), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(10),
        60_000, 15_000, 200, 4, false, 400, new Headline(Duration.ofSeconds(5), Duration.ofSeconds(120), 3),
        BigCustomerScenario.Settings.full(), PresenceScenario.Settings.full(), UnreadListScenario.Settings.full(),
        SearchScenario.Settings.full(), WebhookScenario.Settings.full());
  }

  public static Plan quick() {
    Map<Integer, Integer> messages = new LinkedHashMap<>();
    messages.put(50, 100);
    messages.put(200, 40);
    return new Plan("quick", 4, List.of(50, 200), messages, 8, Duration.ofSeconds(5), 0.6, 50,
        Duration.ofSeconds(5), List.of(1, 16), Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(3),
        1_000, 1_000, 30, 2, true, 60, new Headline(Duration.ofSeconds(2), Duration.ofSeconds(10), 1),
        BigCustomerScenario.Settings.quick(), PresenceScenario.Settings.quick(), UnreadListScenario.Settings.quick(),
        SearchScenario.Settings.quick(), WebhookScenario.Settings.quick());
  }
}
