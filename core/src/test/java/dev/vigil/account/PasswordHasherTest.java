package dev.vigil.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher =
      new PasswordHasher(new PasswordHasher.Params(64, 1, 1), 1, 1);

  @Test
  void hash_isPhcAndVerifies_wrongPasswordDoesNot() {
    String phc = hasher.hash("påssword with ünicode");
    assertThat(phc)
        .matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hasher.verify("påssword with ünicode", phc)).isTrue();
    assertThat(hasher.verify("password with unicode", phc)).isFalse();
    assertThat(hasher.verify("anything", "not a hash")).isFalse();
  }

  @Test
  void verify_normalisesToNfkc() {
    String composed = "caf\u00e9 caf\u00e9 caf\u00e9 caf\u00e9";
    String decomposed = "cafe\u0301 cafe\u0301 cafe\u0301 cafe\u0301";
    assertThat(hasher.verify(decomposed, hasher.hash(composed))).isTrue();
  }

  @Test
  void owaspParameters_matchTheRfcVectorFormat() {
    PasswordHasher owasp = new PasswordHasher(PasswordHasher.Params.OWASP, 1, 1);
    String phc = owasp.hash("a long enough passphrase");
    assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(owasp.verify("a long enough passphrase", phc)).isTrue();
    assertThat(owasp.needsRehash(phc)).isFalse();
    assertThat(hasher.needsRehash(phc)).isTrue();
  }

  @Test
  void moreHashesThanRunningPlusWaiting_areRefusedAsOverloaded() throws Exception {
    PasswordHasher slow = new PasswordHasher(new PasswordHasher.Params(64 * 1024, 3, 1), 1, 1);
    int callers = 6;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger overloaded = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      Future<?>[] f = new Future<?>[callers];
      for (int i = 0; i < callers; i++) {
        f[i] =
            pool.submit(
                () -> {
                  go.await();
                  try {
                    slow.hash("x".repeat(20));
                  } catch (PasswordHasher.Overloaded e) {
                    overloaded.incrementAndGet();
                  }
                  return null;
                });
      }
      go.countDown();
      for (Future<?> x : f) {
        x.get();
      }
    }
    assertThat(overloaded.get()).isGreaterThanOrEqualTo(callers - 2);
  }

  @Test
  void params_belowArgon2Minimum_areRejected() {
    assertThatThrownBy(() -> new PasswordHasher.Params(4, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void owaspMinimum_isTheCheatSheetsTable_andKeycloaksDefaultMeetsIt() {
    // OWASP Password Storage Cheat Sheet, Argon2id with p=1: {passes, least memory in KiB}
    int[][] table = {{1, 47_104}, {2, 19_456}, {3, 12_288}, {4, 9_216}, {5, 7_168}, {9, 7_168}};
    for (int[] row : table) {
      assertThat(new PasswordHasher.Params(row[1], row[0], 1).meetsOwaspMinimum())
          .as("m=%d t=%d", row[1], row[0])
          .isTrue();
      assertThat(new PasswordHasher.Params(row[1] - 1, row[0], 1).meetsOwaspMinimum())
          .as("m=%d t=%d", row[1] - 1, row[0])
          .isFalse();
    }
    assertThat(PasswordHasher.Params.OWASP.meetsOwaspMinimum()).isTrue();
  }

  @Test
  void anotherEngine_computesTheHash_andTheHasherKeepsThePhcForm() {
    java.util.List<Integer> lengths = new java.util.concurrent.CopyOnWriteArrayList<>();
    PasswordHasher.Engine counting = javaEngineTelling(lengths::add);
    PasswordHasher other = new PasswordHasher(counting, new PasswordHasher.Params(64, 1, 1), 1, 1);
    String phc = other.hash("a password of some length");
    assertThat(hasher.verify("a password of some length", phc)).isTrue();
    assertThat(other.verify("a password of some length", hasher.hash("a password of some length")))
        .isTrue();
    assertThat(lengths).containsExactly(32, 32);
  }

  @Test
  void aDecoy_isMadeWithoutHashing_butCheckingAgainstItCostsAFullHash_andFails() {
    java.util.concurrent.atomic.AtomicInteger hashes =
        new java.util.concurrent.atomic.AtomicInteger();
    PasswordHasher.Engine counting = javaEngineTelling(length -> hashes.incrementAndGet());
    PasswordHasher h = new PasswordHasher(counting, new PasswordHasher.Params(64, 1, 1), 1, 1);
    String decoy = h.decoy();
    assertThat(hashes).hasValue(0);
    assertThat(decoy)
        .matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(h.needsRehash(decoy)).isFalse();
    assertThat(h.verify("", decoy)).isFalse();
    assertThat(h.verify("any password at all", decoy)).isFalse();
    assertThat(hashes).hasValue(2);
    assertThat(h.decoy()).isNotEqualTo(decoy);
  }

  @Test
  void beyondTheSteadyCount_hashesRunAtOnceOnlyWhileAProcessorIsSpare() throws Exception {
    assertThat(mostAtOnce(false)).isEqualTo(1);
    assertThat(mostAtOnce(true)).isEqualTo(2);
  }

  @Test
  void aHashWaitingForASpareProcessor_isNotOvertakenByALaterOne() throws Exception {
    java.util.List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    PasswordHasher h = burstingHasher(60, () -> false, password -> started.add(password), () -> {});
    java.util.List<Thread> callers = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String password = "password " + i;
      Thread caller = Thread.ofPlatform().start(() -> h.hash(password));
      callers.add(caller);
      // each caller waits for its hash (a timed wait) before the next asks: the order asked
      while (caller.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
    }
    for (Thread caller : callers) {
      caller.join();
    }
    // the second hashing thread took "password 1" and waited; the first, done with "password 0",
    // must not start "password 2" before it
    assertThat(started)
        .containsExactly("password 0", "password 1", "password 2", "password 3", "password 4");
  }

  /**
   * A hasher of steady 1, burst 2 whose engine tells {@code started} each password, takes {@code
   * millis}, then tells {@code done}.
   */
  private static PasswordHasher burstingHasher(
      long millis,
      java.util.function.BooleanSupplier spare,
      java.util.function.Consumer<String> started,
      Runnable done) {
    PasswordHasher.Engine slow =
        new PasswordHasher.Engine() {
          @Override
          public byte[] argon2id(
              byte[] password, byte[] salt, PasswordHasher.Params params, int length) {
            started.accept(new String(password, java.nio.charset.StandardCharsets.UTF_8));
            try {
              Thread.sleep(millis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.run();
            return new byte[length];
          }

          @Override
          public String name() {
            return "slow";
          }
        };
    return new PasswordHasher(
        slow, new PasswordHasher.Params(64, 1, 1), new PasswordHasher.Concurrency(1, 2), 8, spare);
  }

  /** The most hashes seen at once when 4 callers hash together, steady 1, burst 2. */
  private static int mostAtOnce(boolean spare) throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    PasswordHasher h =
        burstingHasher(
            150,
            () -> spare,
            password -> most.accumulateAndGet(now.incrementAndGet(), Math::max),
            now::decrementAndGet);
    try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 4; i++) {
        callers.submit(() -> h.hash("a password"));
      }
    }
    assertThat(h.hashing()).isZero();
    return most.get();
  }

  @Test
  void theHashersOwnProcessorTime_doesNotCountAgainstASpareProcessor() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread hasher = Thread.ofPlatform().start(() -> spin(stop));
    try {
      SpareProcessor spare = new SpareProcessor(() -> java.util.List.of(hasher));
      boolean seen = false;
      // one core busy with "hashing" and the machine otherwise idle: spare, in some interval of
      // ten even if the JIT or the collector take a while (the other cores are not all busy)
      for (int i = 0; i < 10 && !seen; i++) {
        Thread.sleep(4 * SpareProcessor.INTERVAL_MILLIS);
        seen = spare.getAsBoolean();
      }
      assertThat(seen).isTrue();
    } finally {
      stop.set(true);
      hasher.join();
    }
  }

  @Test
  void aProcessorIsNotSpare_whileOtherThreadsKeepEveryCoreBusy() throws Exception {
    SpareProcessor spare = new SpareProcessor(java.util.List::of);
    int cores = Runtime.getRuntime().availableProcessors();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    ExecutorService spinners = Executors.newFixedThreadPool(cores);
    try {
      for (int i = 0; i < cores; i++) {
        spinners.submit(() -> spin(stop));
      }
      Thread.sleep(2 * SpareProcessor.INTERVAL_MILLIS);
      spare.getAsBoolean(); // the interval starts
      Thread.sleep(4 * SpareProcessor.INTERVAL_MILLIS);
      assertThat(spare.getAsBoolean()).isFalse();
    } finally {
      stop.set(true);
      spinners.shutdown();
    }
  }

  /** The Java engine, telling {@code onHash} the length of every hash it computes. */
  private static PasswordHasher.Engine javaEngineTelling(java.util.function.IntConsumer onHash) {
    return new PasswordHasher.Engine() {
      @Override
      public byte[] argon2id(
          byte[] password, byte[] salt, PasswordHasher.Params params, int length) {
        onHash.accept(length);
        return PasswordHasher.JAVA.argon2id(password, salt, params, length);
      }

      @Override
      public String name() {
        return "counting";
      }
    };
  }

  /** Keeps one core busy until {@code stop}. */
  private static long spin(java.util.concurrent.atomic.AtomicBoolean stop) {
    long x = 0;
    while (!stop.get()) {
      x += System.nanoTime() & 1;
    }
    return x;
  }
}
