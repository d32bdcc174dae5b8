package dev.vigil.notice;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Messages waiting to go out (mails, webhook calls) with their delivery state, and the webhook
 * endpoints. A message is queued at most once per channel and event, in the same atomic step that
 * moves the queuing reader's cursor past its event, so a crash neither loses nor doubles one. Every
 * method may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface Outbox extends Cursors {
  /** A webhook endpoint; {@code sealedSecret} is the signing secret sealed with the keyring. */
  record Endpoint(
      String id, String url, String sealedSecret, Set<String> events, Instant createdAt) {
    public Endpoint {
      events = Collections.unmodifiableSortedSet(new TreeSet<>(events));
    }

    /** Whether this endpoint wants events of {@code type} (an empty filter wants every type). */
    public boolean wants(String type) {
      return events.isEmpty() || events.contains(type);
    }
  }

  /** A message to queue: where it goes ({@code channel}, {@code recipient}) and what it says. */
  record Enqueue(String channel, String eventId, String recipient, String payload) {}

  /** The states of a message. */
  enum State {
    PENDING,
    DELIVERED,
    FAILED
  }

  /** A queued message and its delivery state. */
  record Message(
      long seq,
      String channel,
      String eventId,
      String recipient,
      String payload,
      Instant createdAt,
      State state,
      int attempts,
      Instant nextAttemptAt,
      Optional<String> lastError,
      Optional<Instant> doneAt) {}

  /** How much is waiting: pending and failed messages, and the oldest pending one's creation. */
  record Backlog(long pending, long failed, Optional<Instant> oldestPending) {}

  /** Adds a webhook endpoint. */
  void addEndpoint(Endpoint e);

  /** Every endpoint, oldest first. */
  List<Endpoint> endpoints();

  /**
   * Removes an endpoint; its undelivered messages are marked failed ("endpoint removed").
   *
   * @return whether it existed
   */
  boolean removeEndpoint(String id, Instant now);

  /**
   * Queues {@code messages} and moves the named cursor to {@code upTo}, atomically. A message
   * already queued for its channel and event is skipped.
   *
   * @return how many messages were newly queued
   */
  int enqueue(String cursor, long upTo, List<Enqueue> messages, Instant now);

  /**
   * Messages due at {@code now}, oldest first, at most {@code perChannel} of any one destination
   * and {@code limit} in all: a destination with a long backlog never hides the others.
   */
  List<Message> due(Instant now, int perChannel, int limit);

  /** The newest messages of a channel (every channel when empty), newest first. */
  List<Message> recent(Optional<String> channel, int limit);

  /** Records a successful delivery of a pending message. */
  void delivered(long seq, int attempts, Instant at);

  /**
   * Records a failed attempt at a pending message: retried at {@code retryAt}, or given up for good
   * when it is empty. {@code error} is kept to its first 500 characters.
   */
  void attemptFailed(long seq, int attempts, Optional<Instant> retryAt, String error, Instant now);

  /** What is waiting to be delivered. */
  Backlog backlog();
}
