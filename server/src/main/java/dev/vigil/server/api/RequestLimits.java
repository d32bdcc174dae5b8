package dev.vigil.server.api;

import dev.vigil.server.config.HttpLimits;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler: bounds how many requests are handled at once and how long each may take.
 *
 * <ul>
 *   <li><b>Concurrency</b>: at most {@link HttpLimits#maxConcurrentRequests()} requests are inside
 *       at once; one more is answered at once with 503 {@code busy} and {@code Retry-After: 1}, so
 *       that a flood costs a small fixed answer instead of memory. {@code /health/*} is exempt, so
 *       that an orchestrator does not restart a node for being busy.
 *   <li><b>Deadline</b>: a request not complete {@link HttpLimits#requestTimeout()} after its
 *       headers were read (a body dribbled in, or a handler stuck) has its connection closed. The
 *       handler's thread may be blocked writing or reading, so answering from here could race it;
 *       closing the connection wakes it with an I/O error and the client sees the end of the
 *       connection.
 * </ul>
 *
 * Thread-safe.
 */
final class RequestLimits extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLimits.class);

  private static final byte[] BUSY =
      Http.bytes(
          new Problem(
                  "busy",
                  "Too many requests at once",
                  503,
                  "Vigil is handling as many requests as it is configured to"
                      + " (max_concurrent_requests). Please try again in a moment.",
                  Map.of("reason", "OVERLOADED", "action", "retry"))
              .toJson());

  private final Semaphore permits;
  private final long timeoutMillis;

  RequestLimits(HttpLimits limits) {
    this.permits = new Semaphore(limits.maxConcurrentRequests());
    this.timeoutMillis = limits.requestTimeout().toMillis();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    boolean counted = !Request.getPathInContext(request).startsWith("/health/");
    if (counted && !permits.tryAcquire()) {
      busy(response, callback);
      return true;
    }
    AtomicBoolean done = new AtomicBoolean();
    Scheduler.Task deadline =
        getServer()
            .getScheduler()
            .schedule(() -> expire(request, done), timeoutMillis, TimeUnit.MILLISECONDS);
    Request.addCompletionListener(
        request,
        failure -> {
          if (done.compareAndSet(false, true)) {
            deadline.cancel();
            if (counted) {
              permits.release();
            }
          }
        });
    return super.handle(request, response, callback);
  }

  /** Closes the connection of a request still running at its deadline. */
  private void expire(Request request, AtomicBoolean done) {
    if (done.get()) {
      return;
    }
    LOG.debug(
        "request {} {} not complete after {}: closing its connection",
        request.getMethod(),
        Request.getPathInContext(request),
        Duration.ofMillis(timeoutMillis));
    request.getConnectionMetaData().getConnection().getEndPoint().close();
  }

  private static void busy(Response response, Callback callback) {
    response.setStatus(503);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BUSY.length);
    response.write(true, ByteBuffer.wrap(BUSY), callback);
  }
}
