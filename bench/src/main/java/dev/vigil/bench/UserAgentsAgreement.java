package dev.vigil.bench;

import dev.vigil.client.ClientFamily;
import dev.vigil.client.KeywordUserAgents;
import dev.vigil.client.UserAgents;
import dev.vigil.server.useragent.UapUserAgents;
import dev.vigil.server.useragent.YauaaUserAgents;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import nl.basjes.parse.useragent.config.TestCase;

/**
 * How often the lighter analyzers name a client as Yauaa does: the user agent strings of Yauaa's
 * own test cases (thousands, from browsers to robots and oddities; {@code Hacker} cases left out)
 * are each analysed by {@link YauaaUserAgents} (the reference), {@link UapUserAgents} and {@link
 * KeywordUserAgents}; printed per analyzer: the share with the same browser or tool, the same
 * system, the same version-free family ({@link ClientFamily#withoutVersion()}, what the client
 * change check compares), and, on the subset Yauaa names one of the common browsers, the same
 * family there. {@code --show N} prints N disagreements of each. Usage: {@code java -cp
 * bench/target/benchmarks.jar dev.vigil.bench.UserAgentsAgreement [--show N]}.
 */
public final class UserAgentsAgreement {
  private static final Set<String> COMMON =
      Set.of("Chrome", "Firefox", "Safari", "Edge", "Opera", "Samsung Internet");

  private UserAgentsAgreement() {}

  public static void main(String[] args) {
    int show = args.length == 2 && args[0].equals("--show") ? Integer.parseInt(args[1]) : 0;
    List<String> corpus = corpus();
    YauaaUserAgents reference = new YauaaUserAgents();
    Map<String, UserAgents> others =
        Map.of("uap", new UapUserAgents(), "keywords", new KeywordUserAgents());
    System.out.printf("%,d distinct user agent strings from Yauaa's test cases%n", corpus.size());
    System.out.println(
        "analyzer  same browser  same system  same family  same family, common browsers");
    for (Map.Entry<String, UserAgents> e : new TreeMap<>(others).entrySet()) {
      int agent = 0;
      int os = 0;
      int family = 0;
      int common = 0;
      int commonSame = 0;
      int shown = 0;
      for (String ua : corpus) {
        ClientFamily want = reference.family(ua);
        ClientFamily got = e.getValue().family(ua);
        agent += want.agent().equals(got.agent()) ? 1 : 0;
        os += want.os().equals(got.os()) ? 1 : 0;
        boolean same = want.withoutVersion().equals(got.withoutVersion());
        family += same ? 1 : 0;
        if (want.agent().filter(COMMON::contains).isPresent()) {
          common++;
          commonSame += same ? 1 : 0;
          if (!same && shown++ < show) {
            System.out.printf("  %s: %s | yauaa: %s | %s%n", e.getKey(), got, want, ua);
          }
        }
      }
      System.out.printf(
          "%-8s  %11.1f%%  %10.1f%%  %10.1f%%  %10.1f%% of %,d%n",
          e.getKey(),
          100.0 * agent / corpus.size(),
          100.0 * os / corpus.size(),
          100.0 * family / corpus.size(),
          100.0 * commonSame / common,
          common);
    }
  }

  /** The distinct user agents of Yauaa's test cases that it does not call hostile. */
  private static List<String> corpus() {
    UserAgentAnalyzer withTests =
        UserAgentAnalyzer.newBuilder()
            .withField("DeviceClass")
            .hideMatcherLoadStats()
            .delayInitialization()
            .build();
    Set<String> uas = new LinkedHashSet<>();
    for (TestCase t : withTests.getTestCases()) {
      String ua = t.getUserAgent();
      if (ua != null
          && !ua.isBlank()
          && ua.length() <= 1024
          && !"Hacker".equals(t.getExpected().get("DeviceClass"))) {
        uas.add(ua);
      }
    }
    return List.copyOf(uas);
  }
}
