package dev.vigil.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jspecify.annotations.Nullable;

/**
 * Argon2id password hashes (BouncyCastle) in PHC string form, {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so that parameters can change and old hashes are
 * recognised and upgraded. Passwords are NFKC-normalised before hashing (NIST SP 800-63B 3.1.1.2).
 *
 * <p>Hashing is expensive by design, so hashes run on their own platform threads ({@link
 * Concurrency}: a steady count, and more while the machine has a processor to spare), and at most
 * {@code maxWaiting} more wait in a queue; beyond that, or after waiting {@link #MAX_WAIT}, {@link
 * Overloaded} is thrown (the edge answers 503 with Retry-After). The caller (a virtual thread
 * serving a request) waits without holding a carrier thread: hashing on virtual threads would pin
 * the few carriers for tens of milliseconds and starve every verification. A flood of sign-ins
 * therefore cannot exhaust memory (each hash holds {@code m} KiB) nor take the cores verification
 * needs, given a steady count below the core count.
 *
 * <p>The Argon2id function itself is an {@link Engine}: {@link #JAVA} (BouncyCastle) here, or a
 * native one the caller supplies. Both give the same bytes (RFC 9106), so hashes made by one verify
 * with the other.
 */
public final class PasswordHasher {
  /** How long a hash may wait for a turn. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Engine engine;
  private final Params params;
  private final SecureRandom random = new SecureRandom();
  private final java.util.concurrent.ThreadPoolExecutor pool;
  private final Concurrency concurrency;
  private final java.util.function.BooleanSupplier spare;
  private final Object turns = new Object();
  private final java.util.Set<Thread> hashThreads =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private int hashing;
  private final java.util.ArrayDeque<Thread> waiting = new java.util.ArrayDeque<>();

  /** Argon2id cost parameters: memory in KiB, iterations, lanes. */
  public record Params(int memoryKiB, int iterations, int parallelism) {
    /** OWASP's recommendation: m=19 MiB, t=2, p=1. */
    public static final Params OWASP = new Params(19 * 1024, 2, 1);

    /**
     * The least memory OWASP's Password Storage Cheat Sheet accepts for {@code iterations} passes
     * with p=1, in KiB (its equivalent configurations: 46 MiB t=1, 19 MiB t=2, 12 MiB t=3, 9 MiB
     * t=4, 7 MiB t=5; 7 MiB for more passes). Keycloak's default, m=7 MiB t=5, is the last of them.
     */
    public static int owaspMinimumMemoryKiB(int iterations) {
      return switch (iterations) {
        case 1 -> 47_104;
        case 2 -> 19_456;
        case 3 -> 12_288;
        case 4 -> 9_216;
        default -> 7_168;
      };
    }

    /** Whether these parameters cost at least what OWASP asks for their number of passes. */
    public boolean meetsOwaspMinimum() {
      return iterations >= 1 && memoryKiB >= owaspMinimumMemoryKiB(iterations);
    }

    public Params {
      if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException(
            "invalid Argon2id parameters m="
                + memoryKiB
                + " t="
                + iterations
                + " p="
                + parallelism);
      }
    }
  }

  /**
   * One Argon2id computation (RFC 9106, version 0x13, no secret, no associated data).
   *
   * <p>{@code password} is the UTF-8 of the NFKC-normalised password; the answer is the raw tag of
   * {@code length} bytes.
   */
  public interface Engine {
    byte[] argon2id(byte[] password, byte[] salt, Params params, int length);

    /** A short name for logs and reports ({@code java}, {@code native libargon2}). */
    String name();
  }

  /** BouncyCastle's Argon2id, in Java: always available. */
  public static final Engine JAVA =
      new Engine() {
        @Override
        public byte[] argon2id(byte[] password, byte[] salt, Params params, int length) {
          Argon2BytesGenerator generator = new Argon2BytesGenerator();
          generator.init(
              new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                  .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                  .withMemoryAsKB(params.memoryKiB())
                  .withIterations(params.iterations())
                  .withParallelism(params.parallelism())
                  .withSalt(salt)
                  .build());
          byte[] out = new byte[length];
          generator.generateBytes(password, out);
          return out;
        }

        @Override
        public String name() {
          return "java (BouncyCastle)";
        }
      };

  /** Too many hashes are running or waiting; try again shortly. */
  public static final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overloaded(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * How many hashes are computed at once: {@code steady} always, and up to {@code burst} while the
   * rest of the machine leaves a processor idle ({@link SpareProcessor}, asked every {@value
   * #SPARE_POLL_MILLIS} ms by a hash waiting for its turn). A sign-in flood on an otherwise idle
   * node then hashes on every core, and verification gets its core back as soon as it needs it
   * (docs/BENCHMARKS.md, "How many threads hash passwords").
   *
   * @param steady at least 1
   * @param burst at least {@code steady}
   */
  public record Concurrency(int steady, int burst) {
    public Concurrency {
      if (steady < 1 || burst < steady) {
        throw new IllegalArgumentException("need 1 <= steady <= burst: " + steady + ", " + burst);
      }
    }

    /** Always {@code n} at once. */
    public static Concurrency fixed(int n) {
      return new Concurrency(n, n);
    }
  }

  /** How often a hash waiting beyond the steady count asks again whether a processor is spare. */
  public static final long SPARE_POLL_MILLIS = 20;

  /** A hasher with the {@link #JAVA} engine. */
  public PasswordHasher(Params params, int maxConcurrent, int maxWaiting) {
    this(JAVA, params, maxConcurrent, maxWaiting);
  }

  /**
   * @param engine the Argon2id function
   * @param params the cost of new hashes
   * @param maxConcurrent hashes computed at once, each on its own platform thread
   * @param maxWaiting hashes that may wait for a turn, beyond which {@link Overloaded} is thrown
   */
  public PasswordHasher(Engine engine, Params params, int maxConcurrent, int maxWaiting) {
    this(engine, params, Concurrency.fixed(maxConcurrent), maxWaiting);
  }

  /**
   * @param engine the Argon2id function
   * @param params the cost of new hashes
   * @param concurrency how many hashes are computed at once, each on its own platform thread
   * @param maxWaiting hashes that may wait for a turn, beyond which {@link Overloaded} is thrown
   */
  public PasswordHasher(Engine engine, Params params, Concurrency concurrency, int maxWaiting) {
    this(engine, params, concurrency, maxWaiting, null);
  }

  /**
   * As above, with {@code spare} (null: a {@link SpareProcessor} of this hasher's threads when
   * {@code concurrency} may burst).
   */
  PasswordHasher(
      Engine engine,
      Params params,
      Concurrency concurrency,
      int maxWaiting,
      java.util.function.@Nullable BooleanSupplier spare) {
    this.engine = engine;
    this.params = params;
    this.concurrency = concurrency;
    if (spare != null) {
      this.spare = spare;
    } else if (concurrency.burst() > concurrency.steady()) {
      this.spare = new SpareProcessor(this::threads);
    } else {
      this.spare = () -> false;
    }
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new java.util.concurrent.ThreadPoolExecutor(
            concurrency.burst(),
            concurrency.burst(),
            1,
            TimeUnit.MINUTES,
            new java.util.concurrent.ArrayBlockingQueue<>(Math.max(1, maxWaiting)),
            r -> {
              Thread t =
                  new Thread(
                      () -> {
                        try {
                          r.run();
                        } finally {
                          hashThreads.remove(Thread.currentThread());
                        }
                      },
                      "vigil-argon2-" + n.incrementAndGet());
              t.setDaemon(true);
              hashThreads.add(t);
              return t;
            },
            new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
    this.pool.allowCoreThreadTimeOut(true);
  }

  /** A PHC string for {@code password} with a fresh 16-byte salt and the current parameters. */
  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return phc(salt, gated(() -> argon2(password, salt, params, 32)));
  }

  /**
   * A PHC string with the current parameters whose salt and tag are random rather than computed:
   * checking any password against it costs a full hash, as against a real one, and fails (but for a
   * chance of 2<sup>-256</sup>). Stands in for the hash of an account that does not exist, and
   * costs nothing to make.
   */
  public String decoy() {
    byte[] salt = new byte[16];
    byte[] tag = new byte[32];
    random.nextBytes(salt);
    random.nextBytes(tag);
    return phc(salt, tag);
  }

  private String phc(byte[] salt, byte[] tag) {
    return "$argon2id$v=19$m="
        + params.memoryKiB()
        + ",t="
        + params.iterations()
        + ",p="
        + params.parallelism()
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(tag);
  }

  /**
   * Whether {@code password} matches {@code phc}. A string that is not an Argon2id PHC hash never
   * matches. Constant time in the comparison.
   */
  public boolean verify(String password, String phc) {
    Optional<Parsed> parsed = parse(phc);
    if (parsed.isEmpty()) {
      return false;
    }
    Parsed p = parsed.get();
    byte[] computed = gated(() -> argon2(password, p.salt(), p.params(), p.hash().length));
    return MessageDigest.isEqual(computed, p.hash());
  }

  /** Whether {@code phc} was made with other parameters than the current ones. */
  public boolean needsRehash(String phc) {
    return parse(phc).map(p -> !p.params().equals(params)).orElse(true);
  }

  private record Parsed(Params params, byte[] salt, byte[] hash) {}

  private static Optional<Parsed> parse(String phc) {
    Matcher m = PHC.matcher(phc);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Params params =
          new Params(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      return Optional.of(new Parsed(params, B64D.decode(m.group(4)), B64D.decode(m.group(5))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The engine computing new hashes and checks. */
  public Engine engine() {
    return engine;
  }

  /** The cost of new hashes. */
  public Params params() {
    return params;
  }

  private byte[] argon2(String password, byte[] salt, Params params, int length) {
    byte[] utf8 =
        Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    try {
      return engine.argon2id(utf8, salt, params, length);
    } finally {
      java.util.Arrays.fill(utf8, (byte) 0);
    }
  }

  /**
   * Runs {@code work} once a turn is free (see {@link Concurrency}), on a hashing thread. Turns go
   * in the order asked: a hash waiting for a spare processor is not overtaken by one that came
   * later.
   */
  private byte[] inTurn(java.util.function.Supplier<byte[]> work) throws InterruptedException {
    Thread me = Thread.currentThread();
    synchronized (turns) {
      waiting.addLast(me);
      try {
        while (waiting.peekFirst() != me || !mayStart()) {
          turns.wait(SPARE_POLL_MILLIS);
        }
      } finally {
        waiting.remove(me);
        turns.notifyAll();
      }
      hashing++;
    }
    try {
      return work.get();
    } finally {
      synchronized (turns) {
        hashing--;
        turns.notifyAll();
      }
    }
  }

  /** Whether one more hash may start now; called holding {@code turns}. */
  private boolean mayStart() {
    return hashing < concurrency.steady()
        || (hashing < concurrency.burst() && spare.getAsBoolean());
  }

  /** The hashes being computed now (for tests and metrics). */
  public int hashing() {
    synchronized (turns) {
      return hashing;
    }
  }

  /** The platform threads that compute hashes, as they stand (for {@link SpareProcessor}). */
  private java.util.Collection<Thread> threads() {
    return hashThreads;
  }

  private byte[] gated(java.util.function.Supplier<byte[]> work) {
    java.util.concurrent.Future<byte[]> f;
    try {
      f = pool.submit(() -> inTurn(work));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new Overloaded("too many password hashes running and waiting");
    }
    try {
      return f.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(false);
      throw new Overloaded("waited " + MAX_WAIT + " for a password hash");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
      throw new Overloaded("interrupted while waiting for a password hash");
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }
}
