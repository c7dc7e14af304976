package io.talkmesh.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import java.time.Instant;
import java.util.UUID;
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
    java.util.List<UUID> ids = java.util.stream.Stream.generate(UUID::randomUUID).limit(100).toList();
    int itemBytes = 200 * 1024;
    io.talkmesh.common.model.Page<UUID> page = request.page(ids, id -> time, id -> id, id -> itemBytes);
    assertThat(page.result()).as("items of 200 KiB in a 1 MiB page").hasSize(5).containsExactlyElementsOf(ids.subList(0, 5));
    assertThat(PageRequest.of("100", page.nextPageToken()).afterId()).isEqualTo(ids.get(4));
    io.talkmesh.common.model.Page<UUID> huge = request.page(ids.subList(0, 3), id -> time, id -> id, id -> 5_000_000);
    assertThat(huge.result()).as("one item always fits").hasSize(1);
    io.talkmesh.common.model.Page<UUID> small = request.page(ids.subList(0, 3), id -> time, id -> id, id -> 10);
    assertThat(small.result()).hasSize(3);
    assertThat(small.nextPageToken()).as("a short page that fits is the last").isEmpty();
  }

  @Test
  void pageSizeDefaultsToOneHundredAndOutOfRangeIsInvalid() {
    assertThat(PageRequest.of(null, null).size()).isEqualTo(100);
    assertThat(PageRequest.of("100", null).size()).isEqualTo(100);
    assertThatThrownBy(() -> PageRequest.of("0", null)).isInstanceOf(TalkException.class);
    assertThatThrownBy(() -> PageRequest.of("101", null)).isInstanceOf(TalkException.class);
  }

  @Test
  void garbageTokenOrSizeIsInvalidArgument() {
    assertThatThrownBy(() -> PageRequest.of("x", null)).isInstanceOf(TalkException.class);
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
