package dev.vigil.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.VigilProcess;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.cluster.PostgresSchema;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged writes survive {@code kill -9} under load (issue 11 §5). Each round starts {@code
 * vigil serve} in a process of its own on the same data directory, checks every token the clients
 * were ever told about (see {@link WriteLedger}), runs {@value #CLIENTS} client threads of creates,
 * rotations, revocations and verifications against it ({@link MixedWriteLoad}) and kills it with
 * SIGKILL at a random moment while their requests are in flight. A last start checks the tokens
 * once more, and the audit chain through the API and through {@code vigil audit verify-log}; on
 * SQLite also {@code PRAGMA integrity_check}.
 *
 * <p>Rounds: {@code -Dvigil.crash.rounds} (in the normal suite 3 on each store; PostgreSQL's is
 * skipped outside CI when there is no server; {@code bench/crash-test.sh} runs 20 of each and
 * prints the figures). {@code -Dvigil.crash.seed} repeats a run's choice of kill moments and
 * operations (the seed is printed), though not the server's timing.
 */
class CrashUnderLoadTest {
  /** The rounds on SQLite, the default store. */
  private static final int ROUNDS = Integer.getInteger("vigil.crash.rounds", 3);

  /** The rounds on PostgreSQL; {@code vigil.crash.rounds} sets both. */
  private static final int PG_ROUNDS = Integer.getInteger("vigil.crash.rounds", 3);

  private static final int CLIENTS = 4;

  /** The kinds of write every round acknowledges at least once before its kill. */
  private static final List<WriteLedger.Count> WRITES =
      List.of(WriteLedger.Count.CREATED, WriteLedger.Count.ROTATED, WriteLedger.Count.REVOKED);

  /** How long a round's load may take to have each kind of write acknowledged once. */
  private static final Duration FIRST_WRITES = Duration.ofSeconds(30);

  /**
   * The kill comes this long after each kind of write has been acknowledged, plus up to {@link
   * #KILL_SPREAD}.
   */
  private static final Duration KILL_AFTER = Duration.ofMillis(300);

  private static final Duration KILL_SPREAD = Duration.ofMillis(1700);

  @Test
  void kill9UnderMixedWrites_onSqlite_losesNoAcknowledgedWrite() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-crash");
    Summary s = rounds("sqlite", ROUNDS, data, Map.of());
    DataIntact.assertIntact(data);
    System.out.println(s);
  }

  @Test
  void kill9UnderMixedWrites_onPostgres_losesNoAcknowledgedWrite() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      String master = MasterKey.generate();
      Path data = dev.vigil.testkit.TempPaths.directory("vigil-crash-pg");
      Summary s = rounds("postgres", PG_ROUNDS, data, schema.node(master, Map.of()));
      assertThat(
              VigilCommand.run(
                  schema.command(master, "audit", "verify-log", "--data", data.toString())))
          .isZero();
      System.out.println(s);
    }
  }

  /** The figures of one run, as printed for docs/robustness.md. */
  private record Summary(
      String store,
      long seed,
      int rounds,
      WriteLedger ledger,
      int inFlight,
      int tokens,
      Duration took) {
    @Override
    public String toString() {
      return String.format(
          "crash under load, %s: %d rounds (seed %d) in %d s; acknowledged: %d creates, %d"
              + " rotations, %d revocations, %d verifications; %d writes unanswered (%d in"
              + " flight at a kill); %d tokens checked after the last restart, none broken",
          store,
          rounds,
          seed,
          took.toSeconds(),
          ledger.count(WriteLedger.Count.CREATED),
          ledger.count(WriteLedger.Count.ROTATED),
          ledger.count(WriteLedger.Count.REVOKED),
          ledger.count(WriteLedger.Count.VERIFIED),
          ledger.count(WriteLedger.Count.UNANSWERED),
          inFlight,
          tokens);
    }
  }

  private static Summary rounds(
      String store, int rounds, Path data, Map<ConfigKey, String> settings) throws Exception {
    long seed = Long.getLong("vigil.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path log = dev.vigil.testkit.TempPaths.file(data.getFileName() + "-", ".log");
    WriteLedger ledger = new WriteLedger();
    long began = System.nanoTime();
    int inFlight = 0;
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      try (VigilProcess node = VigilProcess.start(data, log, settings)) {
        long t1 = System.nanoTime();
        check(node, ledger, "at the start of round " + round + " (seed " + seed + ")");
        System.out.printf(
            "TIMING start %d ms check %d ms%n",
            (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        Map<WriteLedger.Count, Long> before = writes(ledger);
        MixedWriteLoad load = new MixedWriteLoad(node, ledger, CLIENTS, seed + round, "r" + round);
        try {
          awaitEveryKindOfWrite(ledger, before, "round " + round + " (seed " + seed + ")");
          // a process test: the kill must land at a moment of the load's own choosing
          Thread.sleep(KILL_AFTER.toMillis() + random.nextLong(KILL_SPREAD.toMillis()));
          load.killing();
          node.kill();
        } finally {
          load.close();
        }
        assertThat(node.process().exitValue()).as("SIGKILL").isEqualTo(137);
        assertThat(load.unexpected()).as("answers during round " + round).isEmpty();
        inFlight += load.inFlight();
      }
    }
    int tokens;
    try (VigilProcess node = VigilProcess.start(data, log, settings)) {
      tokens = check(node, ledger, "after the last kill (seed " + seed + ")");
      // each restart knew its killed predecessor had ended, and did not wait for its leases
      assertThat(node.log().split("has ended: its leases are given up", -1))
          .as("restarts that gave up a killed node's leases")
          .hasSize(rounds + 1);
      Reply chain = node.get("/v1/audit/verify");
      assertThat(chain.status()).isEqualTo(200);
      assertThat(chain.json().path("intact").asBoolean()).as(chain.raw().body()).isTrue();
    }
    assertThat(ledger.count(WriteLedger.Count.CREATED)).isPositive();
    assertThat(ledger.count(WriteLedger.Count.ROTATED)).isPositive();
    assertThat(ledger.count(WriteLedger.Count.REVOKED)).isPositive();
    assertThat(inFlight).as("requests in flight at the kills").isPositive();
    return new Summary(
        store, seed, rounds, ledger, inFlight, tokens, Duration.ofNanos(System.nanoTime() - began));
  }

  /** The acknowledged writes of each kind so far. */
  private static Map<WriteLedger.Count, Long> writes(WriteLedger ledger) {
    Map<WriteLedger.Count, Long> counts = new EnumMap<>(WriteLedger.Count.class);
    for (WriteLedger.Count c : WRITES) {
      counts.put(c, ledger.count(c));
    }
    return counts;
  }

  /**
   * Waits until the round's load has had a create, a rotation and a revocation acknowledged, so
   * that every round's kill lands among writes of each kind however slowly a cold server answers
   * its first requests (a PostgreSQL round once saw its kill come before any rotation).
   */
  private static void awaitEveryKindOfWrite(
      WriteLedger ledger, Map<WriteLedger.Count, Long> before, String round)
      throws InterruptedException {
    long deadline = System.nanoTime() + FIRST_WRITES.toNanos();
    while (WRITES.stream().anyMatch(c -> ledger.count(c) == before.get(c))) {
      assertThat(System.nanoTime() - deadline)
          .as(
              "acknowledged writes of each kind within %s in %s: %s",
              FIRST_WRITES, round, writes(ledger))
          .isNegative();
      Thread.sleep(10);
    }
  }

  private static int check(VigilProcess node, WriteLedger ledger, String when) throws Exception {
    WriteLedger.Check c = ledger.check(node);
    List<String> broken = c.broken();
    assertThat(broken).as("tokens whose answer breaks the ledger " + when).isEmpty();
    return c.tokens();
  }
}
