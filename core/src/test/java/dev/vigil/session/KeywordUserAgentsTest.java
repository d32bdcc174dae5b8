package dev.vigil.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.ClientContext;
import dev.vigil.client.ClientFamily;
import dev.vigil.client.KeywordUserAgents;
import dev.vigil.client.UserAgents;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeywordUserAgentsTest {
  private final UserAgents agents = new KeywordUserAgents();

  @Test
  void family_commonBrowsers_nameAgentMajorVersionAndSystem() {
    assertThat(
            agents
                .family(
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
                        + " Gecko) Chrome/131.0.0.0 Safari/537.36")
                .describe())
        .isEqualTo("Chrome 131 on Windows");
    assertThat(
            agents
                .family("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .describe())
        .isEqualTo("Firefox 128 on Linux");
    assertThat(
            agents
                .family(
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
                        + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
                .describe())
        .isEqualTo("Safari 17 on iOS");
    assertThat(
            agents
                .family(
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML,"
                        + " like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")
                .describe())
        .isEqualTo("Edge 131 on macOS");
    assertThat(
            agents
                .family(
                    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like"
                        + " Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")
                .describe())
        .isEqualTo("Chrome 131 on Android");
  }

  @Test
  void family_tool_isItsProductTokenWithoutSystem() {
    assertThat(agents.family("curl/8.5.0"))
        .isEqualTo(new ClientFamily(Optional.of("curl"), Optional.of("8"), Optional.empty()));
  }

  @Test
  void family_emptyOrUnrecognisable_isUnknown() {
    assertThat(agents.family("")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("   ")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("' OR 1=1 --")).isEqualTo(ClientFamily.UNKNOWN);
    assertThat(agents.family("Mozilla/5.0 (X11; Linux x86_64)").describe())
        .isEqualTo("an unknown client on Linux");
    assertThat(agents.family(ClientContext.UNKNOWN)).isEqualTo(ClientFamily.UNKNOWN);
  }

  @Test
  void clientFamily_describesWhatIsKnown_andDropsTheVersionForComparisons() {
    ClientFamily chrome =
        new ClientFamily(Optional.of("Chrome"), Optional.of("131"), Optional.of("Windows"));
    assertThat(chrome.describe()).isEqualTo("Chrome 131 on Windows");
    assertThat(chrome.withoutVersion()).isEqualTo("Chrome on Windows");
    assertThat(chrome.known()).isTrue();
    assertThat(ClientFamily.UNKNOWN.describe()).isEqualTo("an unknown client");
    assertThat(ClientFamily.UNKNOWN.known()).isFalse();
    assertThatThrownBy(() -> new ClientFamily(Optional.empty(), Optional.of("1"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClientFamily(Optional.of(" "), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
