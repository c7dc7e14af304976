package io.talkmesh.bench.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The search scenario's words: {@code size} made-up words of consonant-vowel syllables (so no stemmer or stop list
 * treats them specially, in any text search configuration), ranked shortest first, drawn with a Zipf-like law: rank r
 * with probability ln((r+1)/r) / ln(V+1), about 1/(r·ln V), as {@link #rankSql()} draws it in PostgreSQL. So a few
 * words are in most messages and most words in a handful, like a language.
 * <p>
 * Every word starts with a consonant of {@link #CONSONANTS} followed by a vowel; text whose words never start that
 * way (the other scenarios' messages) can never match a query made of these words, not even as a prefix.
 */
final class Vocabulary {
  static final String CONSONANTS = "bdfgklmnprstvz";
  static final String VOWELS = "aeiou";
  private static final String CODAS = "nrs";
  /** Syllables per word, drawn uniformly from this list: mostly two or three, as in most languages. */
  private static final int[] SYLLABLES = {1, 2, 2, 3, 3, 3, 4};

  private final List<String> words;

  private Vocabulary(List<String> words) {
    this.words = List.copyOf(words);
  }

  /** The same words for the same size and seed. */
  static Vocabulary generate(int size, long seed) {
    Random random = new Random(seed);
    Set<String> seen = new LinkedHashSet<>();
    while (seen.size() < size) {
      StringBuilder word = new StringBuilder();
      int syllables = SYLLABLES[random.nextInt(SYLLABLES.length)];
      for (int s = 0; s < syllables; s++) {
        word.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())))
            .append(VOWELS.charAt(random.nextInt(VOWELS.length())));
      }
      if (random.nextInt(10) < 3) {
        word.append(CODAS.charAt(random.nextInt(CODAS.length())));
      }
      seen.add(word.toString());
    }
    List<String> ranked = new ArrayList<>(seen);
    // the most frequent words are the shortest (Zipf's law of abbreviation); the sort is stable
    ranked.sort(Comparator.comparingInt(String::length));
    return new Vocabulary(ranked);
  }

  /** The words, most frequent first (index 0 is rank 1). */
  List<String> words() {
    return words;
  }

  int size() {
    return words.size();
  }

  /** The word of rank {@code r} (1-based). */
  String rank(int r) {
    return words.get(r - 1);
  }

  /** The chance that one drawn word has rank {@code r}. */
  double probability(int r) {
    return Math.log((r + 1.0) / r) / Math.log(size() + 1.0);
  }

  /** SQL drawing one rank (1..V) with {@link #probability}: the inverse of its distribution applied to random(). */
  String rankSql() {
    int v = size();
    return "least(" + v + ", floor(exp(random() * ln(" + (v + 1) + ")))::int)";
  }

  /** Whether {@code word} is a prefix of another word of the vocabulary (a prefix query for it finds that one too). */
  boolean prefixOfAnother(String word) {
    return words.stream().anyMatch(w -> !w.equals(word) && w.startsWith(word));
  }

  /** A search query of the scenario: what it stands for and its text. */
  record Query(String name, String q) {
  }

  /**
   * A rare term (the most frequent word of the last tenth of ranks that no other word extends), the most common term,
   * two words of the common middle (ranks 20 and 60) and a three-letter prefix (the one that starts the most words
   * without being a word itself).
   */
  List<Query> queries() {
    String rare = null;
    for (int r = size() - size() / 10; r <= size() && rare == null; r++) {
      if (!prefixOfAnother(rank(r))) {
        rare = rank(r);
      }
    }
    if (rare == null) {
      rare = rank(size());
    }
    Map<String, Integer> starts = new LinkedHashMap<>();
    for (String w : words) {
      if (w.length() > 3) {
        starts.merge(w.substring(0, 3), 1, Integer::sum);
      }
    }
    String prefix = starts.entrySet().stream().filter(e -> !words.contains(e.getKey()))
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey).orElse(rank(1).substring(0, Math.min(3, rank(1).length())));
    return List.of(new Query("rare term", rare), new Query("common term", rank(1)),
        new Query("two words", rank(Math.min(20, size())) + " " + rank(Math.min(60, size()))),
        new Query("prefix (3 letters)", prefix));
  }
}
