package dev.vigil.server.useragent;

import static dev.vigil.server.useragent.YauaaUserAgentsTest.CHROME_WINDOWS;
import static dev.vigil.server.useragent.YauaaUserAgentsTest.CURL;
import static dev.vigil.server.useragent.YauaaUserAgentsTest.FIREFOX_LINUX;
import static dev.vigil.server.useragent.YauaaUserAgentsTest.SAFARI_IPHONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ClientFamily;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** uap-java on the same user agent strings as {@link YauaaUserAgentsTest}, with Yauaa's names. */
class UapUserAgentsTest {
  static final String CHROME_ANDROID =
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.6778.104 Mobile Safari/537.36";
  static final String CHROME_IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1";
  static final String SAFARI_MAC =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.5 Safari/605.1.15";
  static final String EDGE_WINDOWS = CHROME_WINDOWS + " Edg/131.0.2903.86";

  private static UapUserAgents agents;

  @BeforeAll
  static void build() {
    agents = new UapUserAgents();
  }

  @Test
  void family_desktopBrowsers() {
    assertThat(agents.family(CHROME_WINDOWS))
        .isEqualTo(
            new ClientFamily(Optional.of("Chrome"), Optional.of("131"), Optional.of("Windows")));
    assertThat(agents.family(FIREFOX_LINUX).describe()).isEqualTo("Firefox 128 on Linux");
    assertThat(agents.family(EDGE_WINDOWS).describe()).isEqualTo("Edge 131 on Windows");
    assertThat(agents.family(SAFARI_MAC).describe()).isEqualTo("Safari 17 on macOS");
  }

  @Test
  void family_mobileBuildsAreTheirBrowser() {
    assertThat(agents.family(SAFARI_IPHONE).describe()).isEqualTo("Safari 17 on iOS");
    assertThat(agents.family(CHROME_ANDROID).describe()).isEqualTo("Chrome 131 on Android");
    assertThat(agents.family(CHROME_IPHONE).describe()).isEqualTo("Chrome 131 on iOS");
  }

  @Test
  void family_curl_isTheToolWithoutAnOperatingSystem() {
    assertThat(agents.family(CURL))
        .isEqualTo(new ClientFamily(Optional.of("curl"), Optional.of("8"), Optional.empty()));
  }

  @Test
  void family_emptyBlankOrGarbled_isUnknown() {
    assertThat(agents.family("")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("   ")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("' OR 1=1 --")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("\u0000\uFFFD".repeat(500))).isEqualTo(ClientFamily.UNKNOWN);
  }

  @Test
  void family_browserUpdate_keepsTheVersionFreeFamily() {
    String older = CHROME_WINDOWS.replace("Chrome/131.0.0.0", "Chrome/130.0.6723.117");
    assertThat(agents.family(older).withoutVersion())
        .isEqualTo(agents.family(CHROME_WINDOWS).withoutVersion())
        .isEqualTo("Chrome on Windows");
    assertThat(agents.family(CHROME_ANDROID).withoutVersion()).isEqualTo("Chrome on Android");
  }

  @Test
  void family_cachedAnswer_isTheAnalysedOne() {
    ClientFamily first = agents.family(FIREFOX_LINUX + " cache-check");
    assertThat(agents.family(FIREFOX_LINUX + " cache-check")).isSameAs(first);
  }
}
