package dev.vigil.server.crash;

import dev.vigil.server.ApiClient;
import dev.vigil.server.ApiClient.Reply;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client threads that create, rotate, revoke and verify sessions on one server as fast as it
 * answers, each on tokens of its own (so no two clients race on a token and every acknowledged
 * answer says exactly what the token's state is), writing every answer into a {@link WriteLedger}.
 * A request that fails after it was sent (the server died under it) counts as in flight; one
 * refused at connect (the server was already gone) was never sent.
 */
final class MixedWriteLoad implements AutoCloseable {
  private final ApiClient server;
  private final WriteLedger ledger;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> clients = new ArrayList<>();
  private volatile long killedAt;

  /** The answer to a request that never reached the server. */
  private static final Reply NOT_SENT = new Reply(-1, null, null);

  /**
   * Starts {@code threads} clients on {@code server}, sharing out the ledger's valid tokens among
   * them; {@code seed} makes each client's choice of operations repeatable.
   */
  MixedWriteLoad(ApiClient server, WriteLedger ledger, int threads, long seed, String round) {
    this.server = server;
    this.ledger = ledger;
    List<String> valid = ledger.valid();
    for (int t = 0; t < threads; t++) {
      List<String> own = new ArrayList<>();
      for (int i = t; i < valid.size(); i += threads) {
        own.add(valid.get(i));
      }
      String name = "crash-" + round + "-" + t;
      Random random = new Random(seed + t);
      clients.add(Thread.ofPlatform().name(name).start(() -> run(name, own, random)));
    }
  }

  /** Notes that the server is about to be killed, to tell requests in flight at the kill. */
  void killing() {
    killedAt = System.nanoTime() | 1;
  }

  /** Requests that were sent and never answered, because the server died under them. */
  int inFlight() {
    return inFlight.get();
  }

  /** Answers an acknowledged-state token should never get during the load (empty when right). */
  List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** Stops the clients and waits for them (each ends once its current request returns). */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread t : clients) {
      t.join(60_000);
    }
  }

  private void run(String name, List<String> own, Random random) {
    int n = 0;
    while (!stop.get()) {
      int op = random.nextInt(10);
      if (own.isEmpty() || op < 3) {
        create(name + "-" + n++, own);
      } else {
        String token = own.remove(random.nextInt(own.size()));
        if (op < 5) {
          rotate(token, own);
        } else if (op < 7) {
          revoke(token, own);
        } else {
          verify(token, own);
        }
      }
    }
  }

  private void create(String subject, List<String> own) {
    Reply r = send(() -> server.post("/v1/sessions", Map.of("subject", subject)));
    if (r == NOT_SENT) {
      return;
    }
    if (r != null && r.status() == 201) {
      String token = r.text("token");
      ledger.created(token);
      own.add(token);
    } else {
      unanswered(r, "create");
      ledger.createUnanswered();
    }
  }

  private void rotate(String token, List<String> own) {
    Reply r = send(() -> server.post("/v1/sessions/rotate", Map.of("token", token)));
    if (r == NOT_SENT) {
      own.add(token);
      return;
    }
    if (r != null && r.status() == 200) {
      String successor = r.text("token");
      ledger.rotated(token, successor);
      own.add(successor);
    } else {
      unanswered(r, "rotate");
      ledger.rotateUnanswered(token);
    }
  }

  private void revoke(String token, List<String> own) {
    Reply r = send(() -> server.post("/v1/sessions/revoke", Map.of("token", token)));
    if (r == NOT_SENT) {
      own.add(token);
      return;
    }
    if (r != null && r.status() == 204) {
      ledger.revoked(token);
    } else {
      unanswered(r, "revoke");
      ledger.revokeUnanswered(token);
    }
  }

  private void verify(String token, List<String> own) {
    Reply r = send(() -> server.verify(token));
    if (r == NOT_SENT || r == null || r.status() >= 500) {
      own.add(token); // a read: the token's state is unchanged
      return;
    }
    if (!r.json().path("valid").asBoolean()) {
      unexpected.add("verify of a valid token answered " + r.raw().body());
    }
    ledger.verified();
    own.add(token);
  }

  /** A 503 is the one answer that leaves a write's outcome open; anything else but 2xx is wrong. */
  private void unanswered(Reply r, String what) {
    if (r != null && r.status() != 503) {
      unexpected.add(what + " answered " + r.status() + " " + r.raw().body());
    }
  }

  /**
   * The reply; null when the request failed after it may have reached the server (counted as in
   * flight when it began before the kill); {@link #NOT_SENT} when it cannot have reached it
   * (refused at connect). A request begun after {@link #killing()} may still land before the
   * process dies, so it is not taken for unsent.
   */
  private Reply send(java.util.function.Supplier<Reply> call) {
    long began = System.nanoTime();
    try {
      return call.get();
    } catch (IllegalStateException e) {
      long killed = killedAt;
      if (e.getCause() instanceof ConnectException) {
        return NOT_SENT;
      }
      if (killed != 0 && began - killed < 0) {
        inFlight.incrementAndGet();
      }
      return null;
    }
  }
}
