package dev.vigil.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.api.RawHttp;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from PEM files: HTTPS only, TLS 1.2 or 1.3, a new certificate in service once the files
 * change; and no plain HTTP on a non-loopback address unless a TLS proxy is declared.
 */
class TlsTest {
  @TempDir Path dir;

  @Test
  void pemPair_servesHttpsOnly_andANewPairIsReloaded() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    selfSigned(cert, key, "ec");
    try (TestServer server =
        TestServer.start(
            Map.of(ConfigKey.TLS_CERT, cert.toString(), ConfigKey.TLS_KEY, key.toString()))) {
      URI https = URI.create("https://127.0.0.1:" + server.uri("/").getPort() + "/health/live");
      HttpResponse<String> ok = client(cert).send(get(https), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
      BigInteger first = serial(ok);
      URI plain = URI.create("http://127.0.0.1:" + server.uri("/").getPort() + "/health/live");
      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient().send(get(plain), HttpResponse.BodyHandlers.ofString()))
          .as("no plain HTTP beside HTTPS")
          .isInstanceOf(IOException.class);

      Path nextCert = dir.resolve("next-cert.pem");
      Path nextKey = dir.resolve("next-key.pem");
      selfSigned(nextCert, nextKey, "rsa");
      Files.move(nextKey, key, StandardCopyOption.REPLACE_EXISTING);
      Files.move(nextCert, cert, StandardCopyOption.REPLACE_EXISTING);
      HttpClient trustingNext = client(cert);
      Eventually.until(
          "the new certificate is served",
          java.time.Duration.ofSeconds(10),
          () -> {
            try {
              return !serial(trustingNext.send(get(https), HttpResponse.BodyHandlers.ofString()))
                  .equals(first);
            } catch (IOException e) {
              return false; // the old certificate is not trusted by this client
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
    }
  }

  @Test
  void slowHandshake_isCutOffAtTheHeaderTimeout() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    selfSigned(cert, key, "ec");
    try (TestServer server =
            TestServer.start(
                Map.of(
                    ConfigKey.TLS_CERT,
                    cert.toString(),
                    ConfigKey.TLS_KEY,
                    key.toString(),
                    ConfigKey.HEADER_TIMEOUT,
                    "PT1S",
                    ConfigKey.IDLE_CONNECTION_TIMEOUT,
                    "PT10S"));
        RawHttp slow = RawHttp.open(server.uri("/").getPort(), Duration.ofSeconds(10));
        SSLSocket kept =
            (SSLSocket)
                trusting(cert)
                    .getSocketFactory()
                    .createSocket("127.0.0.1", server.uri("/").getPort())) {
      kept.setSoTimeout(10_000);
      String get = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      kept.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
      assertThat(statusLine(kept.getInputStream())).endsWith(" 200 OK");
      // a TLS record header announcing a 512-byte handshake message, then its bytes one each
      // 300 ms: only the header timeout can end it in time
      slow.send(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
      Thread dribbler = slow.dribble("\u0001".repeat(512), Duration.ofMillis(300));
      boolean ended = slow.endedByServer();
      dribbler.interrupt();
      assertThat(ended).as("the slow handshake was cut off within 10 s").isTrue();
      // a connection that completed its handshake and a request, then stayed silent for longer
      // than the header timeout, is still open: only the idle timeout ends it
      Thread.sleep(2500);
      kept.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
      assertThat(statusLine(kept.getInputStream())).endsWith(" 200 OK");
    }
  }

  @Test
  void nonLoopbackWithoutTls_isRefused_unlessAProxyIsDeclared() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigKey.HOST, "0.0.0.0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("without TLS");
    assertThat(
            ConfigLoader.load(
                    Optional.empty(),
                    Map.of(),
                    Map.of(ConfigKey.HOST, "0.0.0.0", ConfigKey.TLS_PROXY, "true"))
                .tls()
                .proxy())
        .isTrue();
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigKey.HOST, "::1")).host())
        .isEqualTo("::1");
  }

  @Test
  void keyOfAnotherCertificate_isRefusedAtStart() throws Exception {
    Path cert = dir.resolve("a-cert.pem");
    Path key = dir.resolve("a-key.pem");
    selfSigned(cert, key, "ec");
    selfSigned(dir.resolve("b-cert.pem"), dir.resolve("b-key.pem"), "ec");
    assertThatThrownBy(() -> TlsReloader.open(cert, dir.resolve("b-key.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }

  /** Reads one answer's status line, and the rest of the answer's head and body. */
  private static String statusLine(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the connection ended: " + head);
      }
      head.append((char) c);
    }
    String text = head.toString();
    int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
    int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).strip());
    in.readNBytes(length);
    return text.substring(0, text.indexOf('\r'));
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().build();
  }

  private static BigInteger serial(HttpResponse<?> r) throws Exception {
    return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0])
        .getSerialNumber();
  }

  /** A client that trusts exactly the certificate in {@code cert}. */
  private static HttpClient client(Path cert) throws Exception {
    return HttpClient.newBuilder().sslContext(trusting(cert)).build();
  }

  /** TLS that trusts {@code cert} alone. */
  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "vigil", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** A self-signed certificate for 127.0.0.1 and its key, made by openssl. */
  private static void selfSigned(Path cert, Path key, String type) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                type.equals("ec") ? "ec" : "rsa:2048",
                type.equals("ec") ? "-pkeyopt" : "-days",
                type.equals("ec") ? "ec_paramgen_curve:P-256" : "2",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=vigil-test",
                "-addext",
                "subjectAltName=IP:127.0.0.1")
            .redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("openssl is needed to make test certificates", e);
      }
      Assumptions.abort("openssl is not installed: " + e.getMessage());
      return;
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }
}
