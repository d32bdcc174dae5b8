package dev.vigil.bench;

import dev.vigil.account.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw Argon2id rate with the OWASP parameters (m=19 MiB, t=2, p=1): what a password check costs
 * before anything else. Run with {@code -t} equal to the server's hash concurrency to compare with
 * sign-in throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class Argon2Benchmark {
  private PasswordHasher hasher;
  private String phc;

  @Setup
  public void setUp() {
    hasher = new PasswordHasher(PasswordHasher.Params.OWASP, 64, 64);
    phc = hasher.hash("violet kettle marching sideways 81");
  }

  @Benchmark
  public boolean verifyPassword() {
    return hasher.verify("violet kettle marching sideways 81", phc);
  }
}
