package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  private static final Vocabulary WORDS = Vocabulary.generate(4_000, 15);

  @Test
  void theSameSeedGivesTheSameDistinctWordsShortestFirst() {
    assertThat(Vocabulary.generate(4_000, 15).words()).isEqualTo(WORDS.words());
    assertThat(WORDS.words()).hasSize(4_000).doesNotHaveDuplicates()
        .allMatch(w -> w.matches("([bdfgklmnprstvz][aeiou])+[nrs]?"));
    assertThat(IntStream.range(1, WORDS.size()).allMatch(i -> WORDS.words().get(i - 1).length() <= WORDS.words().get(i).length()))
        .isTrue();
  }

  @Test
  void theRanksProbabilitiesAreZipfLikeAndSumToOne() {
    double sum = IntStream.rangeClosed(1, WORDS.size()).mapToDouble(WORDS::probability).sum();
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(WORDS.probability(1) / WORDS.probability(100)).isBetween(50.0, 200.0);
    assertThat(WORDS.rankSql()).isEqualTo("least(4000, floor(exp(random() * ln(4001)))::int)");
  }

  @Test
  void theQueriesAreARareTermTheCommonestTermTwoWordsAndAThreeLetterPrefix() {
    List<Vocabulary.Query> queries = WORDS.queries();
    assertThat(queries).extracting(Vocabulary.Query::name)
        .containsExactly("rare term", "common term", "two words", "prefix (3 letters)");
    String rare = queries.get(0).q();
    assertThat(WORDS.words().indexOf(rare) + 1).as("its rank").isGreaterThanOrEqualTo(3_600);
    assertThat(WORDS.prefixOfAnother(rare)).isFalse();
    assertThat(queries.get(1).q()).isEqualTo(WORDS.rank(1));
    assertThat(queries.get(2).q().split(" ")).containsExactly(WORDS.rank(20), WORDS.rank(60));
    String prefix = queries.get(3).q();
    assertThat(prefix).hasSize(3);
    assertThat(WORDS.words()).doesNotContain(prefix);
    assertThat(WORDS.words().stream().filter(w -> w.startsWith(prefix)).count()).isGreaterThan(5);
  }

  @Test
  void noWordOfTheOtherScenariosTextsMatchesAQueryWordAsAPrefix() {
    for (String line : UnreadListScenario.LINES) {
      for (String word : line.split("[^a-z]+")) {
        assertThat(WORDS.words()).as("a word that %s starts with", word).noneMatch(word::startsWith);
      }
    }
  }
}
