package io.talkmesh.bench.scenario;

/**
 * Who wrote, deleted and mentioned what in the unread-list scenario's seeded chats, and the read state that follows
 * from it (the V13 rules, docs/read-state.md), so the seeding SQL and the counters it stores come from one place.
 * A chat holds normal messages with ordinals 1..M (and a system message at ordinal 0, which never counts): every
 * {@value #OWN_EVERY}th is the agent's own, every {@value #DELETED_EVERY}th is deleted, and the peer's messages with
 * ordinal ≡ {@value #MENTION_AT} (mod {@value #MENTION_EVERY}) mention the agent unless deleted. The agent's pointer
 * sits between a quarter and three quarters of the chat, different from chat to chat.
 * <p>
 * The counters are computed here in closed form, not counted over the messages: the scenario then checks them
 * against the API and against a brute-force count in PostgreSQL, which would catch a seeding that got them wrong.
 */
final class UnreadPattern {
  static final int OWN_EVERY = 4;
  static final int DELETED_EVERY = 53;
  static final int MENTION_EVERY = 10;
  static final int MENTION_AT = 3;

  private static final long PERIOD = lcm(lcm(OWN_EVERY, DELETED_EVERY), MENTION_EVERY);
  private static final long PER_PERIOD = countMentions(PERIOD);

  private UnreadPattern() {
  }

  /** SQL: whether message {@code k} (an ordinal expression) is the agent's. */
  static String ownSql(String k) {
    return k + " % " + OWN_EVERY + " = 0";
  }

  /** SQL: whether message {@code k} is deleted. */
  static String deletedSql(String k) {
    return k + " % " + DELETED_EVERY + " = 0";
  }

  /** SQL: whether message {@code k} mentions the agent (a peer's live message). */
  static String mentionSql(String k) {
    return "(" + k + " % " + MENTION_EVERY + " = " + MENTION_AT + " AND " + k + " % " + OWN_EVERY + " <> 0 AND " + k
        + " % " + DELETED_EVERY + " <> 0)";
  }

  static boolean own(long k) {
    return k % OWN_EVERY == 0;
  }

  static boolean deleted(long k) {
    return k % DELETED_EVERY == 0;
  }

  static boolean mentions(long k) {
    return k % MENTION_EVERY == MENTION_AT && !own(k) && !deleted(k);
  }

  /** The agent's read pointer (an ordinal) in the chat numbered {@code chat} of {@code m} messages: mid-chat, never 0 or m. */
  static long pointer(int chat, long m) {
    long span = Math.max(1, m / 2);
    return Math.max(1, Math.min(m - 1, m / 4 + (chat * 7919L) % span));
  }

  /** The read state V13 stores for a pointer {@code r} in a chat of {@code m} messages. */
  record State(long readOrdinal, long unreadSkip, long mentionCount, long unreadCount) {
  }

  static State state(long r, long m) {
    // the normal messages after the pointer that do not count for the agent: its own, and deleted ones
    long skip = multiples(OWN_EVERY, r, m) + multiples(DELETED_EVERY, r, m) - multiples(lcm(OWN_EVERY, DELETED_EVERY), r, m);
    return new State(r, skip, mentionsUpTo(m) - mentionsUpTo(r), m - r - skip);
  }

  /** How many multiples of {@code d} lie in (r, m]. */
  private static long multiples(long d, long r, long m) {
    return m / d - r / d;
  }

  /** Mentions among ordinals 1..n: they repeat with the period of the three rules, so whole periods are counted at once. */
  private static long mentionsUpTo(long n) {
    long count = (n / PERIOD) * PER_PERIOD;
    for (long k = (n / PERIOD) * PERIOD + 1; k <= n; k++) {
      count += mentions(k) ? 1 : 0;
    }
    return count;
  }

  private static long countMentions(long n) {
    long count = 0;
    for (long k = 1; k <= n; k++) {
      count += mentions(k) ? 1 : 0;
    }
    return count;
  }

  private static long lcm(long a, long b) {
    long x = a;
    long y = b;
    while (y != 0) {
      long t = x % y;
      x = y;
      y = t;
    }
    return a / x * b;
  }
}
