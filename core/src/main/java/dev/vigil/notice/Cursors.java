package dev.vigil.notice;

import java.time.Instant;

/**
 * Where each background reader of the event log (the notifier, the anomaly rules) stands: the
 * sequence number of the last event it handled, by name. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}.
 */
public interface Cursors {
  /** Where the named reader stands (0 before it first ran). */
  long cursor(String name);

  /** Sets the named cursor when it has never been set; returns its value after the call. */
  long initCursor(String name, long seq);

  /** Moves the named cursor to {@code seq}. */
  void moveCursor(String name, long seq, Instant now);
}
