package dev.vigil.server.crash;

import dev.vigil.server.ApiClient;
import dev.vigil.server.ApiClient.Reply;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients of a Vigil server were told about each session, and so what the server must
 * answer for each of its tokens after any crash. Only an acknowledged write (a 2xx answer, read to
 * the end) settles a session's state; a write whose answer never came (the server died, or said
 * 503) may have landed or not, and the session may then be found either way until a check sees
 * which, and settles it. Revocation is checked before the generation (docs/tokens.md), so every
 * token of a revoked session answers {@code REVOKED}, the superseded ones too. Thread-safe.
 */
final class WriteLedger {
  /** What a verification can answer about a token, as far as this ledger cares. */
  enum Answer {
    /** The token verifies. */
    VALID,
    /** {@code REVOKED}, cause {@code LOGOUT}. */
    REVOKED,
    /** {@code SUPERSEDED}: an explicit rotation replaced it. */
    SUPERSEDED
  }

  /** Whether a session's revocation landed: yes, no, or its answer never came. */
  private enum Revoked {
    NO,
    YES,
    MAYBE
  }

  /** One session's tokens and what is known of it; guarded by its own monitor. */
  private static final class Session {
    /** The token that should verify, or null when an unanswered rotation replaced it. */
    String current;

    /** Whether a rotation of {@code current} went unanswered. */
    boolean rotationMaybe;

    Revoked revoked = Revoked.NO;

    Session(String current) {
      this.current = current;
    }

    synchronized EnumSet<Answer> expected(String token) {
      if (revoked == Revoked.YES) {
        return EnumSet.of(Answer.REVOKED);
      }
      EnumSet<Answer> e =
          !token.equals(current)
              ? EnumSet.of(Answer.SUPERSEDED)
              : rotationMaybe
                  ? EnumSet.of(Answer.VALID, Answer.SUPERSEDED)
                  : EnumSet.of(Answer.VALID);
      if (revoked == Revoked.MAYBE) {
        e.add(Answer.REVOKED);
      }
      return e;
    }

    /** Settles what the answer {@code a} for {@code token} shows. */
    synchronized void settle(String token, Answer a) {
      if (revoked == Revoked.MAYBE) {
        revoked = a == Answer.REVOKED ? Revoked.YES : Revoked.NO;
      }
      if (rotationMaybe && token.equals(current) && a != Answer.REVOKED) {
        rotationMaybe = false;
        if (a == Answer.SUPERSEDED) {
          current = null;
        }
      }
    }

    synchronized boolean usable() {
      return current != null && !rotationMaybe && revoked == Revoked.NO;
    }
  }

  /** The acknowledged writes of each kind, and the writes whose outcome is unknown. */
  enum Count {
    CREATED,
    ROTATED,
    REVOKED,
    VERIFIED,
    UNANSWERED
  }

  /** What one check found: the tokens checked, and every answer that broke the ledger. */
  record Check(int tokens, List<String> broken) {}

  private final Map<String, Session> tokens = new ConcurrentHashMap<>();
  private final Map<Count, AtomicLong> counts = new ConcurrentHashMap<>();

  WriteLedger() {
    for (Count c : Count.values()) {
      counts.put(c, new AtomicLong());
    }
  }

  void created(String token) {
    tokens.put(token, new Session(token));
    counts.get(Count.CREATED).incrementAndGet();
  }

  void rotated(String old, String successor) {
    Session s = tokens.get(old);
    synchronized (s) {
      s.current = successor;
    }
    tokens.put(successor, s);
    counts.get(Count.ROTATED).incrementAndGet();
  }

  void revoked(String token) {
    Session s = tokens.get(token);
    synchronized (s) {
      s.revoked = Revoked.YES;
    }
    counts.get(Count.REVOKED).incrementAndGet();
  }

  void verified() {
    counts.get(Count.VERIFIED).incrementAndGet();
  }

  /** A revocation of {@code token} got no answer. */
  void revokeUnanswered(String token) {
    Session s = tokens.get(token);
    synchronized (s) {
      s.revoked = Revoked.MAYBE;
    }
    counts.get(Count.UNANSWERED).incrementAndGet();
  }

  /** A rotation of {@code token} got no answer. */
  void rotateUnanswered(String token) {
    Session s = tokens.get(token);
    synchronized (s) {
      s.rotationMaybe = true;
    }
    counts.get(Count.UNANSWERED).incrementAndGet();
  }

  /** A create got no answer: there is no token to check. */
  void createUnanswered() {
    counts.get(Count.UNANSWERED).incrementAndGet();
  }

  long count(Count c) {
    return counts.get(c).get();
  }

  /** The current tokens of the sessions known to be live: each must verify now. */
  List<String> valid() {
    return tokens.entrySet().stream()
        .filter(e -> e.getValue().usable() && e.getKey().equals(e.getValue().current))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Verifies every token on {@code server}, four at a time, and compares each answer with the
   * ledger. A session whose write went unanswered is settled by what its tokens are found to be, so
   * a later check also catches it changing its mind.
   */
  Check check(ApiClient server) throws Exception {
    List<String> broken = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Map.Entry<String, Session>> all = List.copyOf(tokens.entrySet());
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (Map.Entry<String, Session> e : all) {
        done.add(pool.submit(() -> checkOne(server, e.getKey(), e.getValue(), broken)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return new Check(all.size(), List.copyOf(broken));
  }

  private static void checkOne(
      ApiClient server, String token, Session session, List<String> broken) {
    EnumSet<Answer> expected = session.expected(token);
    Reply r = server.verify(token);
    Optional<Answer> a = answer(r);
    if (a.isEmpty() || !expected.contains(a.get())) {
      broken.add(expected + " but " + r.status() + " " + r.raw().body() + " for " + token);
      return;
    }
    session.settle(token, a.get());
  }

  private static Optional<Answer> answer(Reply r) {
    if (r.status() != 200) {
      return Optional.empty();
    }
    if (r.json().path("valid").asBoolean()) {
      return Optional.of(Answer.VALID);
    }
    return switch (r.text("reason")) {
      case "REVOKED" ->
          r.json().path("revocation").path("cause").asText().equals("LOGOUT")
              ? Optional.of(Answer.REVOKED)
              : Optional.empty();
      case "SUPERSEDED" -> Optional.of(Answer.SUPERSEDED);
      default -> Optional.empty();
    };
  }
}
