package dev.vigil.server.beat;

import dev.vigil.lease.Leases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may do a piece of background work now: it holds the named lease, taken or
 * renewed in the store whenever asked and a third of the term has passed. A node that stops (or
 * loses the store) stops renewing, and another node takes the work over within one {@code term}.
 * When the store cannot be asked, the answer is no: two nodes never both believe they hold it.
 */
public final class Lease implements BooleanSupplier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

  private final Leases leases;
  private final String name;
  private final String holder;
  private final Clock clock;
  private final Duration term;
  private volatile Instant heldUntil = Instant.MIN;
  private volatile Instant askedAt = Instant.MIN;

  /**
   * @param holder this node's name, unique among the nodes (a random id per process)
   * @param term how long a taken lease lasts unless renewed
   */
  public Lease(Leases leases, String name, String holder, Clock clock, Duration term) {
    this.leases = leases;
    this.name = name;
    this.holder = holder;
    this.clock = clock;
    this.term = term;
  }

  @Override
  public synchronized boolean getAsBoolean() {
    Instant now = clock.instant();
    if (now.isBefore(askedAt.plus(term.dividedBy(3))) && now.isBefore(heldUntil)) {
      return true;
    }
    boolean was = now.isBefore(heldUntil);
    try {
      Instant until = now.plus(term);
      askedAt = now;
      heldUntil = leases.hold(name, holder, now, until) ? until : Instant.MIN;
    } catch (RuntimeException e) {
      heldUntil = Instant.MIN;
      LOG.warn("lease {}: cannot ask the store ({}); not running it here", name, e.getMessage());
    }
    boolean is = now.isBefore(heldUntil);
    if (is != was) {
      LOG.info("lease {}: {} on this node", name, is ? "held" : "not held");
    }
    return is;
  }

  /** Gives the lease up, so that another node takes the work over at once. */
  @Override
  public void close() {
    try {
      if (clock.instant().isBefore(heldUntil)) {
        leases.release(name, holder);
      }
    } catch (RuntimeException e) {
      LOG.warn("lease {}: cannot release it ({})", name, e.getMessage());
    }
    heldUntil = Instant.MIN;
  }
}
