package dev.vigil.server.api;

import dev.vigil.server.config.HttpLimits;
import dev.vigil.session.StoreUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin app: Jetty on virtual threads, the routes, and the mapping of every failure to
 * a problem body. Bad input is an {@link ApiError}; a store outage is 503 with {@code
 * STORE_UNAVAILABLE}; anything else is a bug, logged with an error id and answered 500 without
 * detail. Responses under {@code /v1} carry {@code Cache-Control: no-store}. What the app takes
 * from the network is bounded by {@link HttpLimits}: body and header sizes, the request deadline
 * and requests at once ({@link RequestLimits}, the outermost handler), the time a request head may
 * take ({@link HeaderDeadline}), silent and open connections.
 */
public final class ApiServer {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private ApiServer() {}

  /** Whether a web page already answered (its own 4xx page, which must not become a problem). */
  private static boolean page(io.javalin.http.Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("text/html");
  }

  /**
   * A configured, not yet started app listening on {@code host:port} in plain HTTP with the default
   * {@link HttpLimits}.
   */
  public static Javalin create(
      String host, int port, List<Consumer<RoutesConfig>> routeSets, MeterRegistry registry) {
    return create(
        new Listener(host, port, Optional.empty(), HttpLimits.DEFAULTS), routeSets, registry);
  }

  /**
   * Where and how the app listens.
   *
   * @param host the address to bind
   * @param port the port, 0 for any free one
   * @param tls HTTPS only when present (no plain connector at all), else plain HTTP
   * @param limits what the app takes from the network
   */
  public record Listener(
      String host, int port, Optional<SslContextFactory.Server> tls, HttpLimits limits) {}

  /**
   * A configured, not yet started app listening as {@code listener} says, counting in {@code
   * registry} the calls answered 503 because the store failed ({@code vigil.store.errors}) and the
   * connections closed because their request head took longer than {@code header_timeout} ({@code
   * vigil.http.slow.heads}: slowloris).
   */
  public static Javalin create(
      Listener listener, List<Consumer<RoutesConfig>> routeSets, MeterRegistry registry) {
    Counter storeErrors =
        Counter.builder("vigil.store.errors")
            .description("Calls answered 503 because the store failed")
            .register(registry);
    Counter slowHeads =
        Counter.builder("vigil.http.slow.heads")
            .description(
                "Connections closed because their request head (or TLS handshake) took longer than"
                    + " header_timeout")
            .register(registry);
    HttpLimits limits = listener.limits();
    ProblemErrorHandler errors = new ProblemErrorHandler(limits);
    return Javalin.create(
        config -> {
          config.jetty.addConnector((server, http) -> connector(server, http, listener, slowHeads));
          config.jetty.modifyServer(
              server -> {
                // the outermost handler: Javalin puts its own inside this wrapper
                server.setHandler(new RequestLimits(limits));
                server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
              });
          config.concurrency.useVirtualThreads = true;
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.appData(JsonBody.LIMITS, limits);
          config.http.maxRequestSize = limits.maxBodyBytes() + 1L;
          // Answers are small JSON; compressing them costs more CPU than it saves on loopback or a
          // LAN.
          config.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
          config.http.prefer405over404 = true;
          // what Jetty refuses before any route runs is answered as a problem too, never HTML
          config.jetty.modifyServer(server -> server.setErrorHandler(errors));
          config.jetty.modifyHttpConfiguration(
              http -> {
                // Javalin's default (LEGACY) lets %u0041 escapes through to a path decoder that
                // throws
                http.setUriCompliance(
                    UriCompliance.LEGACY.without("VIGIL", UriCompliance.Violation.UTF16_ENCODINGS));
                http.setRequestHeaderSize(limits.maxHeaderBytes());
              });
          RoutesConfig routes = config.routes;
          routes.before("/v1/*", ctx -> ctx.header("Cache-Control", "no-store"));
          routeSets.forEach(r -> r.accept(routes));
          routes.exception(
              ApiError.class,
              (e, ctx) -> {
                e.headers().forEach(ctx::header);
                Http.problem(ctx, e.problem());
              });
          routes.exception(
              StoreUnavailableException.class,
              (e, ctx) -> {
                storeErrors.increment();
                LOG.warn("store unavailable: {}", e.getMessage());
                ctx.header("Retry-After", "1");
                Http.problem(ctx, Problem.storeUnavailable());
              });
          // Password hashing is full: the sign-in calls all answer alike, so the mapping lives
          // here.
          routes.exception(
              dev.vigil.account.PasswordHasher.Overloaded.class,
              (e, ctx) -> {
                ctx.header("Retry-After", "1");
                Http.problem(
                    ctx,
                    new Problem(
                        "busy",
                        "Too many sign-ins at once",
                        503,
                        "Vigil is checking too many passwords right now. Please try again in a moment.",
                        java.util.Map.of("reason", "OVERLOADED", "action", "retry")));
              });
          routes.exception(
              HttpResponseException.class,
              (e, ctx) -> {
                if (e instanceof MethodNotAllowedResponse) {
                  String allow =
                      e.getDetails()
                          .getOrDefault(
                              "availableMethods",
                              e.getDetails().getOrDefault("Available methods", ""));
                  ctx.header("Allow", allow);
                  Http.problem(
                      ctx,
                      Problem.ofStatus(
                          405,
                          "This endpoint does not accept "
                              + ctx.method()
                              + "; it accepts "
                              + allow
                              + "."));
                  return;
                }
                if (e.getStatus() == 413) {
                  // a form over max_body_bytes: Javalin stopped reading at the limit
                  JsonBody.drain(ctx);
                }
                Http.problem(
                    ctx,
                    Problem.ofStatus(
                        e.getStatus(),
                        e.getStatus() == 404 ? "No such endpoint." : e.getMessage()));
              });
          routes.exception(
              Exception.class,
              (e, ctx) -> {
                if (e instanceof HttpException he && he.getCode() >= 400 && he.getCode() < 500) {
                  // Jetty found the request malformed while the route read it (a broken chunked
                  // body, for example): the client's fault, not a bug
                  Http.problem(ctx, errors.problem(he.getCode()));
                  return;
                }
                String id = Long.toHexString(Double.doubleToLongBits(Math.random()));
                LOG.error("unexpected error {} on {} {}", id, ctx.method(), ctx.path(), e);
                Http.problem(
                    ctx,
                    Problem.ofStatus(
                        500, "An unexpected error occurred; it was logged with id " + id + "."));
              });
          routes.error(
              404,
              "*",
              ctx -> {
                if (!Problem.MEDIA_TYPE.equals(ctx.contentType()) && !page(ctx)) {
                  Http.problem(ctx, Problem.notFound("No such endpoint."));
                }
              });
          routes.error(
              405,
              "*",
              ctx -> {
                if (!Problem.MEDIA_TYPE.equals(ctx.contentType())) {
                  Http.problem(
                      ctx,
                      Problem.ofStatus(405, "This endpoint does not accept " + ctx.method() + "."));
                }
              });
        });
  }

  /**
   * The one connector: HTTPS when {@code listener} has TLS, else plain HTTP; silent connections are
   * closed after the idle timeout, and connections whose request head takes longer than the header
   * timeout after the {@link HeaderDeadline}.
   */
  private static ServerConnector connector(
      Server server, HttpConfiguration http, Listener listener, Counter slowHeads) {
    ServerConnector c =
        listener
            .tls()
            .map(
                ssl -> {
                  HttpConfiguration https = new HttpConfiguration(http);
                  https.addCustomizer(new SecureRequestCustomizer(false));
                  return new ServerConnector(
                      server,
                      new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                      new HttpConnectionFactory(https));
                })
            .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
    c.setHost(listener.host());
    c.setPort(listener.port());
    c.setIdleTimeout(listener.limits().idleConnectionTimeout().toMillis());
    c.addBean(new HeaderDeadline(c, listener.limits().headerTimeout(), slowHeads));
    return c;
  }
}
