package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The heap a configuration needs, and the refusal of a smaller limit with both ways out. */
class HeapBudgetTest {
  @Test
  void theDefaultCache_fitsTheLaunchersDefaultHeap_butNotTheAnalyzersBareMinimum() {
    long launcherDefault = (256L + 100_000 / 1024) << 20; // bin/vigil: 256 MiB + 1 KiB per entry
    assertThatCode(() -> HeapBudget.check(100_000, UserAgentAnalyzer.YAUAA, launcherDefault))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> HeapBudget.check(100_000, UserAgentAnalyzer.YAUAA, 192L << 20))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the heap limit is 192 MiB")
        .hasMessageContaining("cache_size 100000 needs at least 290 MiB")
        .hasMessageContaining("VIGIL_HEAP=354m")
        .hasMessageContaining("lower cache_size");
  }

  @Test
  void aMillionCachedSessions_needAboutAGibibyteMore() {
    assertThatThrownBy(() -> HeapBudget.check(1_000_000, UserAgentAnalyzer.YAUAA, 1L << 30))
        .hasMessageContaining("needs at least 1169 MiB");
    assertThatCode(() -> HeapBudget.check(1_000_000, UserAgentAnalyzer.YAUAA, 1200L << 20))
        .doesNotThrowAnyException();
    assertThatCode(() -> HeapBudget.check(0, UserAgentAnalyzer.YAUAA, 192L << 20))
        .doesNotThrowAnyException();
  }

  @Test
  void withTheKeywordAnalyzer_theBaseIs80MiB_andTheLaunchersDefaultFor_itFits() {
    long launcherDefault = (144L + 100_000 / 1024) << 20; // bin/vigil with keywords
    assertThatCode(() -> HeapBudget.check(100_000, UserAgentAnalyzer.KEYWORDS, launcherDefault))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> HeapBudget.check(100_000, UserAgentAnalyzer.KEYWORDS, 160L << 20))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs at least 178 MiB")
        .hasMessageContaining("80 MiB for the server");
    assertThatThrownBy(() -> HeapBudget.check(100_000, UserAgentAnalyzer.YAUAA, launcherDefault))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void withUap_theBaseIs96MiB_andTheLaunchersDefaultForIt_fits() {
    long launcherDefault = (160L + 100_000 / 1024) << 20; // bin/vigil with uap
    assertThatCode(() -> HeapBudget.check(100_000, UserAgentAnalyzer.UAP, launcherDefault))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> HeapBudget.check(100_000, UserAgentAnalyzer.UAP, 180L << 20))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs at least 194 MiB")
        .hasMessageContaining("96 MiB for the server");
    assertThatThrownBy(() -> HeapBudget.check(100_000, UserAgentAnalyzer.YAUAA, launcherDefault))
        .isInstanceOf(ConfigException.class);
  }
}
