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

/**
 * Argon2id password hashes (BouncyCastle) in PHC string form, {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so that parameters can change and old hashes are
 * recognised and upgraded. Passwords are NFKC-normalised before hashing (NIST SP 800-63B 3.1.1.2).
 *
 * <p>Hashing is expensive by design, so hashes run on their own {@code maxConcurrent} platform
 * threads, and at most {@code maxWaiting} more wait in a queue; beyond that, or after waiting
 * {@link #MAX_WAIT}, {@link Overloaded} is thrown (the edge answers 503 with Retry-After). The
 * caller (a virtual thread serving a request) waits without holding a carrier thread: hashing on
 * virtual threads would pin the few carriers for tens of milliseconds and starve every
 * verification. A flood of sign-ins therefore cannot exhaust memory (each hash holds {@code m} KiB)
 * nor take the cores verification needs, given {@code maxConcurrent} below the core count.
 */
public final class PasswordHasher {
  /** How long a hash may wait for a turn. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Params params;
  private final SecureRandom random = new SecureRandom();
  private final java.util.concurrent.ThreadPoolExecutor pool;

  /** Argon2id cost parameters: memory in KiB, iterations, lanes. */
  public record Params(int memoryKiB, int iterations, int parallelism) {
    /** OWASP's recommendation: m=19 MiB, t=2, p=1. */
    public static final Params OWASP = new Params(19 * 1024, 2, 1);

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

  /** Too many hashes are running or waiting; try again shortly. */
  public static final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overloaded(String message) {
      super(message, null, false, false);
    }
  }

  public PasswordHasher(Params params, int maxConcurrent, int maxWaiting) {
    this.params = params;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new java.util.concurrent.ThreadPoolExecutor(
            maxConcurrent,
            maxConcurrent,
            1,
            TimeUnit.MINUTES,
            new java.util.concurrent.ArrayBlockingQueue<>(Math.max(1, maxWaiting)),
            r -> {
              Thread t = new Thread(r, "vigil-argon2-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
    this.pool.allowCoreThreadTimeOut(true);
  }

  /** A PHC string for {@code password} with a fresh 16-byte salt and the current parameters. */
  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] out = gated(() -> argon2(password, salt, params, 32));
    return "$argon2id$v=19$m="
        + params.memoryKiB()
        + ",t="
        + params.iterations()
        + ",p="
        + params.parallelism()
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
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

  private static byte[] argon2(String password, byte[] salt, Params params, int length) {
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
    generator.generateBytes(
        Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  private byte[] gated(java.util.function.Supplier<byte[]> work) {
    java.util.concurrent.Future<byte[]> f;
    try {
      f = pool.submit(work::get);
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
