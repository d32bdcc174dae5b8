package dev.vigil.server.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ClientFamily;
import dev.vigil.client.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Building off the caller's thread, waiting for it, and the fallback; no sleeps. */
class BackgroundUserAgentsTest {
  private static final ClientFamily REAL =
      new ClientFamily(Optional.of("Real"), Optional.empty(), Optional.empty());
  private static final ClientFamily FALLBACK =
      new ClientFamily(Optional.of("Fallback"), Optional.empty(), Optional.empty());

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger builds = new AtomicInteger();

  /** A slow analyzer: built only when the test releases it. */
  private UserAgents slowBuild() {
    builds.incrementAndGet();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ua -> REAL;
  }

  @AfterEach
  void releaseBuilders() {
    release.countDown();
  }

  @Test
  void start_returnsBeforeTheBuild_andQuestionsWaitForIt() throws Exception {
    BackgroundUserAgents agents =
        new BackgroundUserAgents(this::slowBuild, ua -> FALLBACK, Duration.ofSeconds(30));
    agents.start();
    assertThat(agents.ready()).isFalse();

    CompletableFuture<ClientFamily> asked = CompletableFuture.supplyAsync(() -> agents.family("x"));
    assertThat(asked).isNotDone();
    release.countDown();

    assertThat(asked.get(10, TimeUnit.SECONDS)).isEqualTo(REAL);
    assertThat(agents.ready()).isTrue();
  }

  @Test
  void family_withoutStart_startsTheBuild_once_howeverManyAsk() throws Exception {
    BackgroundUserAgents agents =
        new BackgroundUserAgents(this::slowBuild, ua -> FALLBACK, Duration.ofSeconds(30));
    List<Future<ClientFamily>> asked = new ArrayList<>();
    try (ExecutorService askers = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 16; i++) {
        asked.add(askers.submit(() -> agents.family("x")));
      }
      agents.start();
      release.countDown();
      for (Future<ClientFamily> a : asked) {
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(REAL);
      }
    }
    assertThat(builds).hasValue(1);
  }

  @Test
  void buildFails_evenWithAnError_theFallbackAnswers() {
    BackgroundUserAgents agents =
        new BackgroundUserAgents(
            () -> {
              throw new NoClassDefFoundError("org/apache/logging/log4j/LogManager");
            },
            ua -> FALLBACK,
            Duration.ofSeconds(30));
    assertThat(agents.family("x")).isEqualTo(FALLBACK);
    assertThat(agents.ready()).isTrue();
  }

  @Test
  void buildTooSlow_theFallbackAnswersAfterTheWait() {
    BackgroundUserAgents agents =
        new BackgroundUserAgents(this::slowBuild, ua -> FALLBACK, Duration.ofMillis(50));
    assertThat(agents.family("x")).isEqualTo(FALLBACK);
    assertThat(agents.ready()).isFalse();
    release.countDown();
  }

  @Test
  void keywords_answerAtOnce_fromTheProductTokens() {
    BackgroundUserAgents agents =
        BackgroundUserAgents.of(dev.vigil.server.config.UserAgentAnalyzer.KEYWORDS);
    agents.start();
    dev.vigil.client.ClientFamily f =
        agents.family(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0");
    assertThat(f.agent()).contains("Firefox");
    assertThat(f.os()).contains("Windows");
  }
}
