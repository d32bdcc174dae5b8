package dev.vigil.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up work that {@code serve} always does and that depends on nothing it reads, begun on a
 * thread of its own while the main one reads the configuration, sets logging up and opens the data
 * directory: the libraries' first use (loading, linking and initializing their classes, which
 * without the AOT cache is most of a start) on objects thrown away after. The main thread then
 * finds the classes ready, or waits for one being initialized on the other thread as it would for
 * its own. The thread does what the server does after that, in the same order: a Jackson mapper's
 * first round trip, the two shapes of Caffeine cache the node keeps, a Prometheus registry, a
 * Javalin app never started and the Jetty classes the first request needs. Logback's set-up stays
 * on the main thread, which needs it first (with it here too, the main thread waited for it, and
 * the start was no faster). Spring Boot does the same ({@code BackgroundPreinitializer}). A step
 * that fails is skipped: the main thread meets the same failure where it matters and reports it
 * there.
 *
 * <p>Without the AOT cache a start keeps about 1.2 of two processors busy, and the warm-up makes it
 * ready about a tenth sooner. With the cache the classes come loaded and linked, and the whole
 * warm-up made that start slower (1,187 against 1,023 ms); there {@code bin/vigil} asks for the
 * short one ({@code -Dvigil.warm-up=cached}, {@link #steps}): only the set-up the cache does not
 * keep, 2-8% sooner ready in seven alternated sittings, and 1-4% more in two with the first look
 * into the jar and the time-zone rules added before logging's set-up needs them. In the start that
 * records the cache it is off ({@code -Dvigil.warm-up=false}): it would put in the cache classes no
 * start needs (0.85 MB). A second thread, for SQLite's driver and Jetty's objects, made a start
 * without the cache no faster (docs/BENCHMARKS.md, "Start-up to ready").
 */
final class WarmUp {
  private WarmUp() {}

  /**
   * The system property that turns the warm-up off when {@code false}, and makes it the short one
   * for a start with the AOT cache when {@value #CACHED}.
   */
  static final String PROPERTY = "vigil.warm-up";

  /** {@link #PROPERTY}'s value for a start with the AOT cache. */
  static final String CACHED = "cached";

  /**
   * Starts the warm-up on a daemon thread and returns it at once, or nothing when the warm-up is
   * turned off.
   */
  static Optional<Thread> begin() {
    String mode = System.getProperty(PROPERTY, "");
    if ("false".equals(mode)) {
      return Optional.empty();
    }
    List<Runnable> steps = steps(mode);
    return Optional.of(
        Thread.ofPlatform().name("vigil-warm-up").daemon(true).start(() -> run(steps)));
  }

  /**
   * The resource SLF4J looks for first: with the cache no class comes from the jar, and the first
   * look into it (its directory read, 30 ms) fell to logging's set-up on the main thread.
   */
  private static final String FIRST_RESOURCE =
      "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

  /**
   * The steps of the warm-up {@code mode} asks for: with {@value #CACHED}, in the order the main
   * thread meets them, the set-up the cache does not keep (it holds classes loaded and linked, not
   * initialized): the first look into the jar and the time-zone rules (logging's set-up),
   * sqlite-jdbc's platform search (a {@code uname} process) and date formats, Jackson's
   * introspection tables, the default {@code SecureRandom}'s seeding, Caffeine's logger, {@code
   * BigDecimal}'s tables, Hikari's closed-connection proxy, Jetty's MIME types over every locale;
   * otherwise the libraries' whole first use.
   */
  static List<Runnable> steps(String mode) {
    if (CACHED.equals(mode)) {
      return List.of(
          () -> WarmUp.class.getClassLoader().getResource(FIRST_RESOURCE),
          java.time.ZoneId::systemDefault,
          () -> load("dev.vigil.store.sqlite.NativeLibrary$Platform"),
          org.sqlite.SQLiteConfig::new,
          ObjectMapper::new,
          () -> new java.security.SecureRandom().nextInt(),
          () -> load("com.github.benmanes.caffeine.cache.Caffeine"),
          () -> load("java.math.BigDecimal"),
          () -> load("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection"),
          () -> load("org.eclipse.jetty.http.MimeTypes"));
    }
    return List.of(
        WarmUp::json,
        WarmUp::caches,
        () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).counter("warm.up"),
        WarmUp::web);
  }

  /** Loads and initializes the class {@code name}. */
  private static void load(String name) {
    try {
      Class.forName(name, true, WarmUp.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code steps} in order, skipping any that fails. */
  static void run(List<Runnable> steps) {
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException | LinkageError e) {
        // skipped: see the class comment
      }
    }
  }

  private static void json() {
    ObjectMapper json = new ObjectMapper();
    try {
      json.writeValueAsString(
          json.readValue("{\"a\":[1,2.5,true,null,\"x\"],\"b\":{\"c\":\"d\"}}", Map.class));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The node's rate buckets (their cache), and a cache of the shape of {@code
   * CachedSessionStore}'s, which needs a store to be made.
   */
  private static void caches() {
    new dev.vigil.server.limits.LocalRateBuckets();
    Caffeine.newBuilder()
        .maximumSize(1)
        .refreshAfterWrite(Duration.ofMinutes(1))
        .expireAfterWrite(Duration.ofMinutes(3))
        .build(k -> k)
        .get("a");
  }

  /** A Javalin app and Jetty's parts, never started (nothing listens, no thread is made). */
  private static void web() {
    io.javalin.Javalin.create(config -> config.startup.showJavalinBanner = false);
    for (String name :
        new String[] {
          "org.eclipse.jetty.http.MimeTypes",
          "org.eclipse.jetty.http.HttpParser",
          "org.eclipse.jetty.http.HttpGenerator",
          "org.eclipse.jetty.server.internal.HttpConnection"
        }) {
      load(name);
    }
  }
}
