package io.talkmesh.talkmanager.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Page;
import io.talkmesh.testinfra.Names;
import io.talkmesh.testinfra.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The paging guarantee as a property, on PostgreSQL: rows whose timestamps tie in bulk (a few distinct microseconds),
 * read with {@link Keyset} and {@link PageRequest} the way every list is, page after page following
 * {@code next_page_token} until an empty page, yield every row exactly once, in the list's order, whatever the page
 * size and wherever the byte budget cuts a page.
 */
class KeysetPagingIT {
  private static final Instant BASE = Instant.parse("2026-12-02T10:00:00.000001Z");
  private static final Keyset LIST = Keyset.of("SELECT tm_create, id FROM paged WHERE list_id = $1", "tm_create", "id");
  private static final String ALL = "SELECT id FROM paged WHERE list_id = $1 ORDER BY tm_create DESC, id DESC";
  private static Vertx vertx;
  private static Pool pool;

  /** One row: its key and the bytes its JSON would take in a reply. */
  record Item(Instant time, UUID id, int bytes) {
  }

  @BeforeContainer
  static void start() throws Exception {
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, TestPostgres.shared().newDatabase(), 2, "keyset-paging-" + Names.lowercase(6));
    await(pool.query("CREATE TABLE paged (list_id uuid NOT NULL, tm_create timestamptz NOT NULL, id uuid NOT NULL,"
        + " PRIMARY KEY (list_id, tm_create, id))").execute());
  }

  @AfterContainer
  static void stop() throws Exception {
    await(pool.close());
    await(vertx.close());
  }

  @Property(tries = 150)
  void pagingUntilAnEmptyPageYieldsEveryRowOnceInOrder(@ForAll("lists") List<Item> items,
                                                       @ForAll @IntRange(min = -2, max = 120) int pageSize) throws Exception {
    UUID list = UUID.randomUUID();
    Map<UUID, Integer> bytes = new HashMap<>();
    if (!items.isEmpty()) {
      List<Tuple> rows = new ArrayList<>();
      for (Item item : items) {
        rows.add(Tuple.of(list, Database.time(item.time()), item.id()));
        bytes.put(item.id(), item.bytes());
      }
      await(pool.preparedQuery("INSERT INTO paged (list_id, tm_create, id) VALUES ($1, $2, $3)").executeBatch(rows));
    }
    List<UUID> expected = new ArrayList<>();
    await(pool.preparedQuery(ALL).execute(Tuple.of(list))).forEach(row -> expected.add(row.getUUID("id")));

    List<UUID> seen = new ArrayList<>();
    String token = "";
    int requests = 0;
    while (true) {
      PageRequest request = PageRequest.of(Integer.toString(pageSize), token);
      List<Item> rows = await(LIST.list(pool, Tuple.of(list), request, KeysetPagingIT::item));
      Page<Item> page = request.page(rows, Item::time, Item::id, item -> bytes.get(item.id()));
      requests++;
      assertThat(requests).as("pages for %d rows at page_size %d", items.size(), pageSize)
          .isLessThanOrEqualTo(items.size() + 1);
      if (page.result().isEmpty()) {
        assertThat(page.nextPageToken()).as("the empty page's token").isEmpty();
        break;
      }
      assertThat(page.result().size()).isLessThanOrEqualTo(Math.max(1, Math.min(100, pageSize)));
      assertThat(page.nextPageToken()).as("a page with items carries a token").isNotEmpty();
      page.result().forEach(item -> seen.add(item.id()));
      token = page.nextPageToken();
    }
    assertThat(seen).as("every row once, newest first (ties by id)").containsExactlyElementsOf(expected);
  }

  /** Up to 60 rows on at most 4 distinct microseconds, so most rows tie; some items big enough to cut a page. */
  @Provide
  Arbitrary<List<Item>> lists() {
    Arbitrary<Instant> time = Arbitraries.integers().between(0, 3).map(i -> BASE.plus(i, ChronoUnit.MICROS));
    Arbitrary<Integer> bytes = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.integers().between(100, 2000)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(300_000, 1_100_000)));
    return Combinators.combine(time, Arbitraries.create(UUID::randomUUID), bytes).as(Item::new).list().ofMaxSize(60);
  }

  private static Item item(Row row) {
    return new Item(Database.instant(row.getOffsetDateTime("tm_create")), row.getUUID("id"), 0);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
