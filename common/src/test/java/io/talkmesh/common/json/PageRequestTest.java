package io.talkmesh.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Page;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PageRequestTest {
  @Test
  void tokenRoundTripsTimeAndIdToMicroseconds() {
    Instant time = Instant.parse("2024-01-17T10:33:00.123456Z");
    UUID id = UUID.randomUUID();
    PageRequest page = PageRequest.of("10", PageRequest.tokenAfter(time, id));
    assertThat(page.size()).isEqualTo(10);
    assertThat(page.afterTime()).isEqualTo(time);
    assertThat(page.afterId()).isEqualTo(id);
  }

  @Test
  void aPageStopsEarlyAtItsByteBudgetWithATokenAfterItsLastItem() {
    PageRequest request = PageRequest.of("100", null);
    Instant time = Instant.parse("2024-01-17T10:33:00Z");
    List<UUID> ids = Stream.generate(UUID::randomUUID).limit(100).toList();
    int itemBytes = 200 * 1024;
    Page<UUID> page = request.page(ids, id -> time, id -> id, id -> itemBytes);
    assertThat(page.result()).as("items of 200 KiB in a 1 MiB page").hasSize(5).containsExactlyElementsOf(ids.subList(0, 5));
    assertThat(PageRequest.of("100", page.nextPageToken()).afterId()).isEqualTo(ids.get(4));
    Page<UUID> huge = request.page(ids.subList(0, 3), id -> time, id -> id, id -> 5_000_000);
    assertThat(huge.result()).as("one item always fits").hasSize(1);
    Page<UUID> small = request.page(ids.subList(0, 3), id -> time, id -> id, id -> 10);
    assertThat(small.result()).hasSize(3);
    assertThat(PageRequest.of("100", small.nextPageToken()).afterId()).as("a short page still continues after its last item")
        .isEqualTo(ids.get(2));
  }

  @Test
  void aPageWithItemsCarriesTheTokenAfterItsLastItemEvenWhenShort() {
    PageRequest request = PageRequest.of("10", null);
    Instant time = Instant.parse("2024-01-17T10:33:00Z");
    List<UUID> ids = Stream.generate(UUID::randomUUID).limit(3).toList();
    Page<UUID> page = request.page(ids, id -> time, id -> id);
    assertThat(page.result()).containsExactlyElementsOf(ids);
    assertThat(page.nextPageToken()).isEqualTo(PageRequest.tokenAfter(time, ids.get(2)));
  }

  @Test
  void onlyTheEmptyPageAfterTheLastItemHasTheEmptyToken() {
    PageRequest request = PageRequest.of("10", PageRequest.tokenAfter(Instant.EPOCH, UUID.randomUUID()));
    assertThat(request.page(List.<UUID>of(), id -> Instant.EPOCH, id -> id).nextPageToken()).isEmpty();
    assertThat(request.page(List.<UUID>of(), id -> Instant.EPOCH, id -> id, id -> 10).nextPageToken()).isEmpty();
  }

  @Test
  void anEmptyTokenAsksForTheFirstPage() {
    assertThat(PageRequest.of("5", "").first()).isTrue();
    assertThat(PageRequest.of("5", null).first()).isTrue();
  }

  @Test
  void pageSizeDefaultsToOneHundredAndAnyIntegerIsClampedToOneToOneHundred() {
    assertThat(PageRequest.of(null, null).size()).isEqualTo(100);
    assertThat(PageRequest.of("", null).size()).isEqualTo(100);
    assertThat(PageRequest.of("100", null).size()).isEqualTo(100);
    assertThat(PageRequest.of("1", null).size()).isEqualTo(1);
    assertThat(PageRequest.of("0", null).size()).as("0 is clamped to 1").isEqualTo(1);
    assertThat(PageRequest.of("-5", null).size()).isEqualTo(1);
    assertThat(PageRequest.of("101", null).size()).isEqualTo(100);
    assertThat(PageRequest.of("+7", null).size()).isEqualTo(7);
    assertThat(PageRequest.of("99999999999999999999999", null).size()).as("beyond an int").isEqualTo(100);
    assertThat(PageRequest.of("-99999999999999999999999", null).size()).isEqualTo(1);
  }

  @Test
  void garbageTokenOrSizeIsInvalidArgument() {
    assertThatThrownBy(() -> PageRequest.of("x", null)).isInstanceOf(TalkException.class);
    assertThatThrownBy(() -> PageRequest.of("1.5", null)).isInstanceOf(TalkException.class);
    assertThatThrownBy(() -> PageRequest.of(" 5", null)).isInstanceOf(TalkException.class);
    assertThatThrownBy(() -> PageRequest.of("-", null)).isInstanceOf(TalkException.class);
    assertThatThrownBy(() -> PageRequest.of("5", "2024-01-17 10:33:00.000000")).isInstanceOf(TalkException.class);
  }

  @Test
  void timestampsUseTheApiFormatWithMicroseconds() {
    Instant time = Instant.parse("2024-01-17T10:30:00.000001Z");
    assertThat(Timestamps.format(time)).isEqualTo("2024-01-17 10:30:00.000001");
    assertThat(Timestamps.parse("2024-01-17 10:30:00.000001")).isEqualTo(time);
    assertThat(Timestamps.format((Instant) null)).isEmpty();
  }
}
