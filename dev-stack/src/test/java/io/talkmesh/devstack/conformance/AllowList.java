package io.talkmesh.devstack.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reviewed list of ways talk-mesh may differ from VoIPBIN's spec, one entry each: which route ({@code *} for
 * every route), what the difference looks like (a pattern the divergence's words must contain), what differs, why,
 * and its fate: {@code fixed-by: item N} of issue 14 (remove the line when that item lands: the test then fails,
 * naming the entry as stale) or {@code stays:} with the docs that list it. An entry no run matches is an error, so the
 * list can only shrink honestly.
 */
final class AllowList {
  /** One allowed difference. */
  record Allowed(String route, Pattern pattern, String difference, String why, String fate) {
    boolean covers(Divergence divergence) {
      return (route.equals("*") || route.equals(divergence.route())) && pattern.matcher(divergence.what()).find();
    }

    @Override
    public String toString() {
      return route + " | " + difference + " | " + fate;
    }
  }

  /** What a run found, judged: the differences no entry allows, and the entries nothing matched. */
  record Verdict(List<Divergence> unexpected, List<Allowed> stale) {
  }

  static final List<Allowed> ENTRIES = List.of(
  );

  private AllowList() {
  }

  private static Allowed allow(String route, String pattern, String difference, String why, String fate) {
    return new Allowed(route, Pattern.compile(pattern), difference, why, fate);
  }

  static Verdict judge(List<Divergence> found) {
    List<Divergence> unexpected = new ArrayList<>();
    for (Divergence divergence : found) {
      if (ENTRIES.stream().noneMatch(entry -> entry.covers(divergence))) {
        unexpected.add(divergence);
      }
    }
    List<Allowed> stale = ENTRIES.stream().filter(entry -> found.stream().noneMatch(entry::covers)).toList();
    return new Verdict(unexpected, stale);
  }
}
