package dev.vigil.bench;

import dev.vigil.client.ClientContext;
import dev.vigil.id.Subject;
import dev.vigil.server.CachedSessionStore;
import dev.vigil.session.NewSession;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.token.Keyring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process verification of a cached, authentic token: decode, key check (HMAC-SHA256), cache
 * look-up, secret hash comparison, expiry and generation checks. The session lives in a real SQLite
 * file behind the node cache, exactly as in the server; a cached verify never reaches it. One
 * thread, so the figure is per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class VerifyBenchmark {
  private SqliteDatabase db;
  private SessionService sessions;
  private String token;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("vigil-jmh");
    db = SqliteDatabase.open(dir.resolve("vigil.db"));
    Clock clock = Clock.systemUTC();
    Keyring keyring = Keyring.generate(new SecureRandom(), clock.instant());
    CachedSessionStore store =
        new CachedSessionStore(new SqliteSessionStore(db), 100_000, Duration.ofHours(1));
    sessions =
        new SessionService(
            store,
            new SqliteAuditLog(db),
            () -> keyring,
            dev.vigil.session.SessionPolicy.defaults(),
            clock);
    token = sessions.create(NewSession.of(new Subject("bench")), "bench").token();
    if (!(verifyCached() instanceof Verdict.Valid)) {
      throw new IllegalStateException("token does not verify");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    db.close();
  }

  @Benchmark
  public Verdict verifyCached() {
    return sessions.verify(token, ClientContext.UNKNOWN, Requirements.NONE);
  }
}
