package dev.vigil.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves TLS from a PEM certificate chain and key, TLS 1.2 and 1.3 only, and puts a new pair into
 * service when the files change (checked every {@link #PERIOD}): new handshakes use it, open
 * connections keep theirs. A pair that does not load (half written, or a key of another
 * certificate) is skipped and logged once, the old one staying in service until a good pair
 * arrives. Thread-safe.
 */
public final class TlsReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

  /** How often the files are checked. */
  public static final Duration PERIOD = Duration.ofSeconds(2);

  private final SslContextFactory.Server ssl;
  private final Path cert;
  private final Path key;
  private final ScheduledExecutorService timer;
  private byte[] loaded;
  private byte[] failed;

  private TlsReloader(SslContextFactory.Server ssl, Path cert, Path key, byte[] loaded) {
    this.ssl = ssl;
    this.cert = cert;
    this.key = key;
    this.loaded = loaded;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("vigil-tls-reloader").daemon().unstarted(r));
    timer.scheduleWithFixedDelay(
        this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Loads the pair and starts watching it.
   *
   * @throws IllegalArgumentException naming the problem when the pair cannot be served
   */
  public static TlsReloader open(Path cert, Path key) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
    try {
      byte[] digest = digest(cert, key);
      ssl.setKeyStore(PemKeyStore.load(cert, key));
      return new TlsReloader(ssl, cert, key, digest);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot serve TLS from " + cert + " and " + key + ": " + e.getMessage(), e);
    }
  }

  /** The factory the HTTPS connector uses. */
  public SslContextFactory.Server factory() {
    return ssl;
  }

  /** Checks the files once; whether a new pair went into service. */
  public synchronized boolean check() {
    byte[] now;
    try {
      now = digest(cert, key);
    } catch (IOException e) {
      return false; // a file is being replaced: the next check sees it
    }
    if (Arrays.equals(now, loaded) || Arrays.equals(now, failed)) {
      return false;
    }
    try {
      KeyStore store = PemKeyStore.load(cert, key);
      ssl.reload(f -> f.setKeyStore(store));
      loaded = now;
      failed = null;
      LOG.info("TLS certificate reloaded from {}", cert);
      return true;
    } catch (Exception e) {
      failed = now;
      LOG.warn("TLS files changed but do not load; the old certificate stays: {}", e.getMessage());
      return false;
    }
  }

  private static byte[] digest(Path cert, Path key) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(Files.readAllBytes(cert));
      md.update((byte) 0);
      md.update(Files.readAllBytes(key));
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
