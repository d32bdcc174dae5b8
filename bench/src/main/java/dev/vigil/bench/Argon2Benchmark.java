package dev.vigil.bench;

import dev.vigil.account.PasswordHasher;
import dev.vigil.server.account.NativeArgon2;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw Argon2id rate: what a password check costs before anything else, for each engine ({@code
 * java}: BouncyCastle, {@code native}: libargon2 through JNA) at OWASP's parameters (m=19 MiB, t=2,
 * p=1) and at Keycloak's default (m=7 MiB, t=5, p=1). Run with {@code -t} equal to the server's
 * hash concurrency to compare with sign-in throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class Argon2Benchmark {
  @Param({"java", "native"})
  public String engine;

  @Param({"owasp", "keycloak"})
  public String cost;

  private PasswordHasher hasher;
  private String phc;

  @Setup
  public void setUp() {
    PasswordHasher.Engine e =
        engine.equals("java")
            ? PasswordHasher.JAVA
            : NativeArgon2.load()
                .engine()
                .orElseThrow(() -> new IllegalStateException("libargon2 is not usable here"));
    PasswordHasher.Params params =
        cost.equals("owasp")
            ? PasswordHasher.Params.OWASP
            : new PasswordHasher.Params(7 * 1024, 5, 1);
    hasher = new PasswordHasher(e, params, 64, 64);
    phc = hasher.hash("violet kettle marching sideways 81");
  }

  @Benchmark
  public boolean verifyPassword() {
    return hasher.verify("violet kettle marching sideways 81", phc);
  }
}
