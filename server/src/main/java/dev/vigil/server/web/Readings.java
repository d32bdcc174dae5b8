package dev.vigil.server.web;

import dev.vigil.audit.EventChain;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this node's background tasks last measured, for the operator dashboard: the number of live
 * sessions (counted in the store every 15 s) and the last check of the event log's hash chain
 * (every minute, or when an operator asks). Empty until the first measurement. Thread-safe.
 */
public final class Readings {
  /** A count of live sessions and when it was taken. */
  public record LiveSessions(long count, Instant at) {}

  /** A check of the hash chain and when it finished. */
  public record ChainCheck(EventChain.Check check, Instant at) {}

  private final AtomicReference<LiveSessions> live = new AtomicReference<>();
  private final AtomicReference<ChainCheck> chain = new AtomicReference<>();

  /** Records a count of live sessions taken at {@code at}. */
  public void liveSessions(long count, Instant at) {
    live.set(new LiveSessions(count, at));
  }

  /** Records a check of the chain that finished at {@code at}. */
  public void chainChecked(EventChain.Check check, Instant at) {
    chain.set(new ChainCheck(check, at));
  }

  /** The latest count of live sessions, if one was taken. */
  public Optional<LiveSessions> liveSessions() {
    return Optional.ofNullable(live.get());
  }

  /** The latest check of the chain, if one ran. */
  public Optional<ChainCheck> chain() {
    return Optional.ofNullable(chain.get());
  }
}
