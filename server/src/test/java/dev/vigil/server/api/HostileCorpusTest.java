package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §6: the checked-in corpus of known-bad bodies ({@code hostile/json-corpus.txt}: overlong
 * UTF-8, NUL, surrogate halves, a byte-order mark, Infinity, -0, very long numbers, unterminated
 * and deep JSON, comments) sent to every JSON endpoint: each answer is a 2xx or a 4xx problem,
 * never a 5xx, and nothing stored is lost.
 */
class HostileCorpusTest {
  private static final Pattern REPEAT = Pattern.compile("%%(\\d+)\\*(.*?)%%");
  private static final Pattern BYTE = Pattern.compile("\\\\x([0-9A-Fa-f]{2})");

  private static TestServer server;
  private static JsonEndpoints endpoints;

  /** One line of the corpus: its text as written, and its bytes. */
  record Entry(String line, byte[] body) {}

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of());
    endpoints = JsonEndpoints.of(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyCorpusEntry_toEveryJsonEndpoint_isAProblemOrSuccess_never5xx() throws IOException {
    List<Entry> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThan(90);
    for (JsonEndpoints.Endpoint e : endpoints.all()) {
      for (Entry entry : corpus) {
        JsonEndpoints.assertClean(endpoints.send(e, entry.body()), e + " <- " + entry.line());
      }
    }
    endpoints.assertNothingLost();
    for (Entry entry : corpus) {
      JsonEndpoints.assertClean(
          endpoints.send(endpoints.revokeAll(), entry.body()), "revoke-all <- " + entry.line());
    }
  }

  @Test
  void corpusEscapes_giveTheBytesWritten() {
    assertThat(bytes("a\\x00\\xFF")).containsExactly('a', 0x00, 0xFF);
    assertThat(bytes("%%3*[%%1")).containsExactly('[', '[', '[', '1');
    assertThat(bytes("é")).containsExactly(0xC3, 0xA9);
  }

  /** The corpus, comments left out. */
  static List<Entry> corpus() throws IOException {
    List<Entry> out = new ArrayList<>();
    try (InputStream in = HostileCorpusTest.class.getResourceAsStream("/hostile/json-corpus.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n", -1)) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        out.add(new Entry(line, line.equals("<empty>") ? new byte[0] : bytes(line)));
      }
    }
    return out;
  }

  /** The bytes of one corpus line: repeats expanded, {@code \xNN} as raw bytes, the rest UTF-8. */
  static byte[] bytes(String line) {
    Matcher r = REPEAT.matcher(line);
    StringBuilder expanded = new StringBuilder();
    while (r.find()) {
      r.appendReplacement(
          expanded, Matcher.quoteReplacement(r.group(2).repeat(Integer.parseInt(r.group(1)))));
    }
    r.appendTail(expanded);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Matcher b = BYTE.matcher(expanded);
    int at = 0;
    while (b.find()) {
      out.writeBytes(expanded.substring(at, b.start()).getBytes(StandardCharsets.UTF_8));
      out.write(Integer.parseInt(b.group(1), 16));
      at = b.end();
    }
    out.writeBytes(expanded.substring(at).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
