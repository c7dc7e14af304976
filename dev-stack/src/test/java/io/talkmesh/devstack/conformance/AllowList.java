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
      return glob(route).matcher(divergence.route()).matches() && pattern.matcher(divergence.what()).find();
    }

    @Override
    public String toString() {
      return route + " | " + difference + " | " + fate;
    }
  }

  /** A route pattern as a regex: {@code *} stands for anything ({@code * /v1.0/chats*}: every chats route). */
  private static Pattern glob(String route) {
    return Pattern.compile(Pattern.quote(route).replace("*", "\\E.*\\Q"));
  }

  /** What a run found, judged: the differences no entry allows, and the entries nothing matched. */
  record Verdict(List<Divergence> unexpected, List<Allowed> stale) {
  }

  private static final String CHATS = "/v1.0/service_agents/talk_chats";
  private static final String MESSAGES = "/v1.0/service_agents/talk_messages";

  static final List<Allowed> ENTRIES = List.of(
      allow("*", "format: /(\\*/|result/\\*/|metadata/reactions/\\*/)?tm_(create|update|delete|joined): does not match the date-time",
          "timestamps are '2006-01-02 15:04:05.000000' (and a live tm_delete '9999-01-01 00:00:00.000000'), not RFC 3339",
          "the seeds, which the users read, write them so, and the Talk API's clients parse that",
          "stays: seed format (docs/voipbin-differences.md)"),

      allow("POST /v1.0/agents", "answered 200 where VoIPBIN answers 201", "a new agent answers 200, the spec 201",
          "VoIPBIN's own server answers 200 to every create (voipbin-talk.md 3.10), as talk-mesh does and the seeds show",
          "stays: VoIPBIN's server answers 200 too (docs/rpc.md, agent API)"),
      allow("POST /v1.0/agents", "status 200 is not one the spec lists", "(the same 200 for 201)",
          "as above", "stays: as above"),

      allow("* " + MESSAGES + "*", "field (/result/\\*)?/parent_id the spec's schema names is absent",
          "a message without a parent carries no parent_id",
          "VoIPBIN's server omits it too (Go omitempty, voipbin-talk.md §5); \"\" would fail the schema's uuid format",
          "stays: docs/voipbin-differences.md"),
      allow("*/customer*", "format: (/result/\\*)?/email: does not match the email",
          "a customer without an email (the first start's, or one created without) has email \"\"",
          "talk-mesh asks no email of a customer (no signup flow mails it); \"\" is VoIPBIN's own empty value",
          "stays: docs/customers.md"),
      allow("*/customer*", "field (/result/\\*)?/(billing_account_id|tm_deletion_scheduled|terms_agreed_version"
              + "|terms_agreed_ip) the spec's schema names is absent",
          "customers carry no billing_account_id, tm_deletion_scheduled, terms_agreed_version, terms_agreed_ip",
          "talk-mesh has no billing, no scheduled account deletion and no terms-of-service flow; no value would be true",
          "stays: docs/customers.md"));

  private AllowList() {
  }

  static Allowed allow(String route, String pattern, String difference, String why, String fate) {
    return new Allowed(route, Pattern.compile(pattern), difference, why, fate);
  }

  /** A route of VoIPBIN's spec that talk-mesh does not serve yet: 404 or 405, whatever the spec says of them. */
  private static Allowed absent(String route, int item) {
    return allow(route, "^(answered|status) 40[45]\\b", "route not served (404/405)",
        "issue 14 item " + item + " adds it", "fixed-by: item " + item);
  }

  /** A run judged by {@link #ENTRIES}. */
  static Verdict judge(List<Divergence> found) {
    return judge(ENTRIES, found);
  }

  static Verdict judge(List<Allowed> entries, List<Divergence> found) {
    List<Divergence> unexpected = new ArrayList<>();
    for (Divergence divergence : found) {
      if (entries.stream().noneMatch(entry -> entry.covers(divergence))) {
        unexpected.add(divergence);
      }
    }
    List<Allowed> stale = entries.stream().filter(entry -> found.stream().noneMatch(entry::covers)).toList();
    return new Verdict(unexpected, stale);
  }
}
