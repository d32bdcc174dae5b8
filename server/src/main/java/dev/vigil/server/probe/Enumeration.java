package dev.vigil.server.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code signin.enumeration}: {@code POST /v1/auth/login} with a username that does not exist and
 * with the probe's own account and a wrong password must answer alike (status, members, {@code
 * reason}, {@code title}, {@code detail}) and take about as long. {@value #PAIRS} pairs are sent,
 * interleaved, each unknown username fresh; the wrong passwords stay below the per-account
 * throttle's free failures (5). Timing fails only when one median is more than {@value #RATIO}
 * times the other <em>and</em> they differ by more than {@link #NOISE}: over a network a finer test
 * would mostly measure the network. 8 requests.
 */
final class Enumeration implements ProbeCheck {
  static final int PAIRS = 4;
  static final int RATIO = 2;
  static final Duration NOISE = Duration.ofMillis(50);

  private static final Finding.Ref REF =
      Finding.Ref.of(
          "signin.enumeration",
          "Sign-in reveals no usernames (answers and timing)",
          "ASVS 5.0 6.3.8");

  @Override
  public Finding.Ref ref() {
    return REF;
  }

  @Override
  public Finding run(Deployment target) {
    String sent =
        PAIRS
            + " pairs of POST /v1/auth/login: an unknown username, and the probe's account with a"
            + " wrong password";
    if (!(target.account() instanceof Deployment.Account.Made made)) {
      return REF.skip(sent, ((Deployment.Account.Refused) target.account()).why());
    }
    List<Duration> unknown = new ArrayList<>();
    List<Duration> wrong = new ArrayList<>();
    TreeSet<String> shapes = new TreeSet<>();
    TreeSet<Integer> statuses = new TreeSet<>();
    for (int i = 0; i < PAIRS; i++) {
      Deployment.Answer u =
          target.post(
              "/v1/auth/login",
              Map.of(
                  "username", "vigil-probe-nobody-" + Deployment.random(8),
                  "password", "Wrong-" + Deployment.random(12)));
      Deployment.Answer w =
          target.post(
              "/v1/auth/login",
              Map.of(
                  "username",
                  made.user().username(),
                  "password",
                  "Wrong-" + Deployment.random(12)));
      unknown.add(u.exchange().elapsed());
      wrong.add(w.exchange().elapsed());
      statuses.add(u.status());
      statuses.add(w.status());
      shapes.add(shape(u.json()));
      shapes.add(shape(w.json()));
    }
    Duration mu = median(unknown);
    Duration mw = median(wrong);
    Duration slow = mu.compareTo(mw) > 0 ? mu : mw;
    Duration fast = mu.compareTo(mw) > 0 ? mw : mu;
    boolean timingLeaks =
        slow.compareTo(fast.multipliedBy(RATIO)) > 0 && slow.minus(fast).compareTo(NOISE) > 0;
    boolean alike = statuses.size() == 1 && shapes.size() == 1 && !statuses.contains(200);
    String seen =
        "statuses "
            + statuses
            + (shapes.size() == 1 ? ", one answer shape" : ", " + shapes.size() + " answer shapes")
            + "; median "
            + mu.toMillis()
            + " ms for unknown usernames, "
            + mw.toMillis()
            + " ms for a wrong password"
            + (timingLeaks ? " (beyond " + RATIO + "x and " + NOISE.toMillis() + " ms)" : "");
    return REF.judge(alike && !timingLeaks, sent, seen);
  }

  /** The members, reason, title and detail of a problem: what a caller could tell apart. */
  private static String shape(JsonNode problem) {
    List<String> names = new ArrayList<>();
    problem.fieldNames().forEachRemaining(names::add);
    Collections.sort(names);
    return names
        + "|"
        + problem.path("reason").asText()
        + "|"
        + problem.path("title").asText()
        + "|"
        + problem.path("detail").asText();
  }

  private static Duration median(List<Duration> times) {
    List<Duration> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1
        ? sorted.get(n / 2)
        : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
  }
}
