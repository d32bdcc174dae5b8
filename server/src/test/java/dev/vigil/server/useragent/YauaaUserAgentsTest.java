package dev.vigil.server.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ClientFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Yauaa on real user agent strings, as the explainer and the anomaly rules will see them. */
class YauaaUserAgentsTest {
  static final String CHROME_WINDOWS =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  static final String FIREFOX_LINUX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  static final String SAFARI_IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  static final String CURL = "curl/8.5.0";

  /** Built once for the class: it takes seconds. */
  private static YauaaUserAgents agents;

  @BeforeAll
  static void build() {
    agents = new YauaaUserAgents();
  }

  @Test
  void family_chromeOnWindows() {
    assertThat(agents.family(CHROME_WINDOWS))
        .isEqualTo(family("Chrome", "131", "Windows"))
        .extracting(ClientFamily::describe)
        .isEqualTo("Chrome 131 on Windows");
  }

  @Test
  void family_firefoxOnLinux() {
    assertThat(agents.family(FIREFOX_LINUX).describe()).isEqualTo("Firefox 128 on Linux");
  }

  @Test
  void family_safariOnIphone() {
    assertThat(agents.family(SAFARI_IPHONE).describe()).isEqualTo("Safari 17 on iOS");
  }

  @Test
  void family_curl_isTheToolWithoutAnOperatingSystem() {
    assertThat(agents.family(CURL))
        .isEqualTo(new ClientFamily(Optional.of("Curl"), Optional.of("8"), Optional.empty()));
  }

  @Test
  void family_emptyBlankOrHostile_isUnknown() {
    assertThat(agents.family("")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("   ")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("' OR 1=1 --")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("' OR 1=1 --").describe()).isEqualTo("an unknown client");
  }

  @Test
  void family_browserUpdate_keepsTheVersionFreeFamily() {
    String older = CHROME_WINDOWS.replace("Chrome/131.0.0.0", "Chrome/130.0.6723.117");
    assertThat(agents.family(older).describe()).isEqualTo("Chrome 130 on Windows");
    assertThat(agents.family(older).withoutVersion())
        .isEqualTo(agents.family(CHROME_WINDOWS).withoutVersion())
        .isEqualTo("Chrome on Windows");
    assertThat(agents.family(FIREFOX_LINUX).withoutVersion()).isNotEqualTo("Chrome on Windows");
  }

  @Test
  void family_manyThreadsAtOnce_allGetTheSameAnswers() throws Exception {
    List<String> uas = List.of(CHROME_WINDOWS, FIREFOX_LINUX, SAFARI_IPHONE, CURL);
    List<String> expected = uas.stream().map(ua -> agents.family(ua).describe()).toList();
    List<Future<List<String>>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        int offset = t;
        answers.add(
            pool.submit(
                () -> {
                  List<String> seen = new ArrayList<>();
                  for (int i = 0; i < 200; i++) {
                    // A fresh string each time defeats the cache, so the analysis itself is shared.
                    String ua = uas.get(i % uas.size()) + " x" + offset + "-" + i;
                    seen.add(agents.family(ua).describe());
                  }
                  return seen;
                }));
      }
      for (Future<List<String>> f : answers) {
        List<String> seen = f.get();
        for (int i = 0; i < seen.size(); i++) {
          assertThat(seen.get(i)).isEqualTo(expected.get(i % expected.size()));
        }
      }
    }
  }

  private static ClientFamily family(String agent, String version, String os) {
    return new ClientFamily(Optional.of(agent), Optional.of(version), Optional.of(os));
  }
}
