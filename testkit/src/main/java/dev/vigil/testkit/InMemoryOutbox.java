package dev.vigil.testkit;

import dev.vigil.notice.KnownDevices;
import dev.vigil.notice.Outbox;
import dev.vigil.notice.SingleUseLinks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The outbox, known devices and used links in memory, for tests. Thread-safe. */
public final class InMemoryOutbox implements Outbox, KnownDevices, SingleUseLinks {
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private final Map<String, Long> cursors = new HashMap<>();
  private final Map<Long, Message> messages = new LinkedHashMap<>();
  private final Set<String> queued = new HashSet<>();
  private final Map<String, Set<String>> devices = new HashMap<>();
  private final Set<String> usedLinks = new HashSet<>();
  private long nextSeq = 1;

  @Override
  public synchronized void addEndpoint(Endpoint e) {
    endpoints.put(e.id(), e);
  }

  @Override
  public synchronized List<Endpoint> endpoints() {
    return endpoints.values().stream()
        .sorted(Comparator.comparing(Endpoint::createdAt).thenComparing(Endpoint::id))
        .toList();
  }

  @Override
  public synchronized boolean removeEndpoint(String id, Instant now) {
    boolean had = endpoints.remove(id) != null;
    for (Message m : List.copyOf(messages.values())) {
      if (m.channel().equals("webhook:" + id) && m.state() == State.PENDING) {
        messages.put(m.seq(), ended(m, State.FAILED, m.attempts(), "endpoint removed", now));
      }
    }
    return had;
  }

  @Override
  public synchronized long cursor(String name) {
    return cursors.getOrDefault(name, 0L);
  }

  @Override
  public synchronized long initCursor(String name, long seq) {
    return cursors.computeIfAbsent(name, k -> seq);
  }

  @Override
  public synchronized void moveCursor(String name, long seq, Instant now) {
    cursors.put(name, seq);
  }

  @Override
  public synchronized int enqueue(String cursor, long upTo, List<Enqueue> list, Instant now) {
    int added = 0;
    for (Enqueue e : list) {
      if (queued.add(e.channel() + "\n" + e.eventId())) {
        long seq = nextSeq++;
        messages.put(
            seq,
            new Message(
                seq,
                e.channel(),
                e.eventId(),
                e.recipient(),
                e.payload(),
                now,
                State.PENDING,
                0,
                now,
                Optional.empty(),
                Optional.empty()));
        added++;
      }
    }
    cursors.put(cursor, upTo);
    return added;
  }

  @Override
  public synchronized List<Message> due(Instant now, int perChannel, int limit) {
    Map<String, Integer> taken = new HashMap<>();
    List<Message> out = new ArrayList<>();
    for (Message m :
        messages.values().stream()
            .filter(m -> m.state() == State.PENDING && !m.nextAttemptAt().isAfter(now))
            .sorted(Comparator.comparing(Message::nextAttemptAt).thenComparing(Message::seq))
            .toList()) {
      if (out.size() == limit) {
        break;
      }
      if (taken.merge(m.channel(), 1, Integer::sum) <= perChannel) {
        out.add(m);
      }
    }
    return out;
  }

  @Override
  public synchronized List<Message> recent(Optional<String> channel, int limit) {
    return messages.values().stream()
        .filter(m -> channel.map(m.channel()::equals).orElse(true))
        .sorted(Comparator.comparing(Message::seq).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void delivered(long seq, int attempts, Instant at) {
    Message m = messages.get(seq);
    if (m != null && m.state() == State.PENDING) {
      messages.put(
          seq,
          new Message(
              seq,
              m.channel(),
              m.eventId(),
              m.recipient(),
              m.payload(),
              m.createdAt(),
              State.DELIVERED,
              attempts,
              m.nextAttemptAt(),
              Optional.empty(),
              Optional.of(at)));
    }
  }

  @Override
  public synchronized void attemptFailed(
      long seq, int attempts, Optional<Instant> retryAt, String error, Instant now) {
    Message m = messages.get(seq);
    if (m == null || m.state() != State.PENDING) {
      return;
    }
    String kept = error.length() > 500 ? error.substring(0, 500) : error;
    messages.put(
        seq,
        retryAt.isPresent()
            ? new Message(
                seq,
                m.channel(),
                m.eventId(),
                m.recipient(),
                m.payload(),
                m.createdAt(),
                State.PENDING,
                attempts,
                retryAt.get(),
                Optional.of(kept),
                Optional.empty())
            : ended(m, State.FAILED, attempts, kept, now));
  }

  private static Message ended(Message m, State state, int attempts, String error, Instant now) {
    return new Message(
        m.seq(),
        m.channel(),
        m.eventId(),
        m.recipient(),
        m.payload(),
        m.createdAt(),
        state,
        attempts,
        now,
        Optional.of(error),
        Optional.of(now));
  }

  @Override
  public synchronized Backlog backlog() {
    long pending = 0;
    long failed = 0;
    Optional<Instant> oldest = Optional.empty();
    for (Message m : messages.values()) {
      if (m.state() == State.PENDING) {
        pending++;
        if (oldest.isEmpty() || m.createdAt().isBefore(oldest.get())) {
          oldest = Optional.of(m.createdAt());
        }
      } else if (m.state() == State.FAILED) {
        failed++;
      }
    }
    return new Backlog(pending, failed, oldest);
  }

  @Override
  public synchronized boolean knowsSubject(String subject) {
    return devices.containsKey(subject);
  }

  @Override
  public synchronized boolean rememberDevice(String subject, String device, Instant now) {
    return devices.computeIfAbsent(subject, k -> new HashSet<>()).add(device);
  }

  @Override
  public synchronized boolean linkUsed(String id) {
    return usedLinks.contains(id);
  }

  @Override
  public synchronized boolean useLink(String id, Instant now) {
    return usedLinks.add(id);
  }
}
