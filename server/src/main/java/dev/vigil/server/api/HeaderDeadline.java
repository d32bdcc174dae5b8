package dev.vigil.server.api;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request head (its request line and headers, and over TLS its handshake)
 * is still arriving {@code timeout} after its first byte: the defence against slow headers
 * ("slowloris"), which the idle timeout alone does not give, since every byte restarts it. Go's
 * {@code ReadHeaderTimeout} is the same bound. A body is bounded by {@link RequestLimits} from the
 * moment the head is complete, and a silent connection by the idle timeout.
 *
 * <p>A bean of the connector: every {@code timeout / 4} (at most a second) it looks at the
 * connector's open connections. An HTTP/1.1 connection is in its head when its parser has taken a
 * byte of a request but not yet the end of its headers, and the same head is still arriving when
 * the count of heads the connection completed has not moved since it was first seen so; a TLS
 * connection is in its head from its first byte until its handshake has agreed on a cipher suite. A
 * head still arriving past the timeout, counted from the first look that saw it, has its connection
 * closed, so the bound holds within one interval. Thread-safe.
 */
final class HeaderDeadline extends AbstractLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

  /** A head seen arriving: which one (the count of heads completed before it) and since when. */
  private record Head(long completedBefore, long since) {}

  private final Connector connector;
  private final Counter closedCount;
  private final long timeoutNanos;
  private final long intervalMillis;
  private final Map<EndPoint, Head> arriving = new ConcurrentHashMap<>();
  private volatile Scheduler.Task next;

  /**
   * @param connector the connector whose connections are watched; its scheduler runs the looks
   * @param timeout how long a head may take from its first byte
   * @param closedCount counts the connections closed
   */
  HeaderDeadline(Connector connector, Duration timeout, Counter closedCount) {
    this.connector = connector;
    this.closedCount = closedCount;
    this.timeoutNanos = timeout.toNanos();
    this.intervalMillis = Math.max(25, Math.min(1000, timeout.toMillis() / 4));
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    schedule();
  }

  @Override
  protected void doStop() throws Exception {
    Scheduler.Task task = next;
    if (task != null) {
      task.cancel();
    }
    arriving.clear();
    super.doStop();
  }

  private void schedule() {
    if (isRunning() || isStarting()) {
      next = connector.getScheduler().schedule(this::look, intervalMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void look() {
    try {
      long now = System.nanoTime();
      int closed = 0;
      String first = null;
      Set<EndPoint> open = Set.copyOf(connector.getConnectedEndPoints());
      arriving.keySet().retainAll(open);
      for (EndPoint endPoint : open) {
        long heads = headsCompletedIfArriving(endPoint.getConnection());
        if (heads < -1) {
          arriving.remove(endPoint);
          continue;
        }
        Head head = arriving.get(endPoint);
        if (head == null || head.completedBefore() != heads) {
          arriving.put(endPoint, new Head(heads, now));
        } else if (now - head.since() >= timeoutNanos) {
          arriving.remove(endPoint);
          if (first == null) {
            first = String.valueOf(endPoint.getRemoteSocketAddress());
          }
          closed++;
          closedCount.increment();
          endPoint.close();
        }
      }
      if (closed > 0) {
        LOG.info(
            "closed {} connection(s) whose request head was still arriving after"
                + " header_timeout (first from {})",
            closed,
            first);
      }
    } catch (RuntimeException e) {
      LOG.warn("the look for slow request heads failed; the next one runs as usual", e);
    } finally {
      schedule();
    }
  }

  /**
   * For a connection in a request head, the number of heads it completed before this one (-1 for a
   * TLS handshake); {@code -2} when it is not in a head.
   */
  private long headsCompletedIfArriving(Connection connection) {
    if (connection instanceof SslConnection tls) {
      // JSSE's session before a handshake completes has no cipher suite
      if ("SSL_NULL_WITH_NULL_NULL".equals(tls.getSSLEngine().getSession().getCipherSuite())) {
        return tls.getBytesIn() > 0 ? -1 : -2;
      }
      return headsCompletedIfArriving(tls.getSslEndPoint().getConnection());
    }
    if (connection instanceof HttpConnection http) {
      var parser = http.getParser();
      if (!parser.isStart() && parser.inHeaderState()) {
        return http.getMessagesIn();
      }
    }
    return -2;
  }
}
