package dev.vigil.server.useragent;

import dev.vigil.client.ClientFamily;
import dev.vigil.client.KeywordUserAgents;
import dev.vigil.client.UserAgents;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link UserAgents} whose real analyzer is slow to build, built once on its own daemon thread so
 * that nobody waits for it who does not need it: {@link #start()} begins the build and returns at
 * once (the server calls it after it is listening, so start-up time does not grow); the first
 * question starts it too, if nobody did. A question asked while it builds waits for it, at most
 * {@code maxWait}, and is then answered by the fallback; so is every question if the build failed
 * (an exception, a class missing from a badly packaged jar, too little heap: it is logged once).
 *
 * <p>Thread-safe; the analyzer is built at most once however many threads ask.
 */
public final class BackgroundUserAgents implements UserAgents {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundUserAgents.class);

  /** How long a question waits for the analyzer being built before the fallback answers it. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private final Supplier<UserAgents> build;
  private final UserAgents fallback;
  private final Duration maxWait;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<UserAgents> analyzer = new CompletableFuture<>();

  /**
   * @param build makes the real analyzer (slow); called at most once, on the background thread
   * @param fallback answers while the wait is exceeded, and for good if {@code build} fails
   * @param maxWait how long one question waits for {@code build}
   */
  public BackgroundUserAgents(Supplier<UserAgents> build, UserAgents fallback, Duration maxWait) {
    this.build = build;
    this.fallback = fallback;
    this.maxWait = maxWait;
  }

  /** Yauaa, falling back to {@link KeywordUserAgents}; nothing is built before it is needed. */
  public static BackgroundUserAgents yauaa() {
    return new BackgroundUserAgents(YauaaUserAgents::new, new KeywordUserAgents(), DEFAULT_WAIT);
  }

  /**
   * The analyzer {@code choice} names: {@link #yauaa()}, {@link UapUserAgents} (built in the
   * background too, in a fraction of a second), or {@link KeywordUserAgents} (nothing to build;
   * "ready" at once).
   */
  public static BackgroundUserAgents of(dev.vigil.server.config.UserAgentAnalyzer choice) {
    return switch (choice) {
      case YAUAA -> yauaa();
      case UAP ->
          new BackgroundUserAgents(UapUserAgents::new, new KeywordUserAgents(), DEFAULT_WAIT);
      case KEYWORDS ->
          new BackgroundUserAgents(KeywordUserAgents::new, new KeywordUserAgents(), DEFAULT_WAIT);
    };
  }

  /** Begins building the analyzer on a daemon thread, unless that has begun; returns at once. */
  public void start() {
    if (started.compareAndSet(false, true)) {
      Thread.ofPlatform().name("vigil-user-agents").daemon(true).start(this::build);
    }
  }

  /** Whether the analyzer is built (or failed, and the fallback answers for good). */
  public boolean ready() {
    return analyzer.isDone();
  }

  /**
   * This analyzer for request paths, which must never wait: the built analyzer once it is ready,
   * the keyword fallback until then.
   */
  public UserAgents withoutWaiting() {
    return userAgent -> {
      start();
      UserAgents ready = analyzer.getNow(null);
      return (ready == null ? fallback : ready).family(userAgent);
    };
  }

  @Override
  public ClientFamily family(String userAgent) {
    start();
    try {
      return analyzer.get(maxWait.toNanos(), TimeUnit.NANOSECONDS).family(userAgent);
    } catch (TimeoutException e) {
      LOG.warn("user agent analyzer not built after {}; answered from keywords", maxWait);
      return fallback.family(userAgent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback.family(userAgent);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the analyzer future is never completed exceptionally", e);
    }
  }

  private void build() {
    long began = System.nanoTime();
    try {
      UserAgents built = build.get();
      analyzer.complete(built);
      LOG.info("user agent analyzer ready in {} ms", (System.nanoTime() - began) / 1_000_000);
    } catch (RuntimeException | Error e) {
      // Explanations lose detail, not availability: the keywords know the common browsers.
      LOG.error("user agent analyzer could not be built; browser families come from keywords", e);
      analyzer.complete(fallback);
    }
  }
}
