package dev.vigil.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  private static final byte[] SHA1_SEED =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 appendix B, SHA-1 column, 8 digits. */
  @ParameterizedTest
  @CsvSource({
    "59,94287082",
    "1111111109,07081804",
    "1111111111,14050471",
    "1234567890,89005924",
    "2000000000,69279037",
    "20000000000,65353130"
  })
  void code_matchesRfc6238Vectors(long seconds, String expected) {
    assertThat(Totp.code(SHA1_SEED, Totp.step(Instant.ofEpochSecond(seconds)), "HmacSHA1", 8))
        .isEqualTo(expected);
  }

  @Test
  void match_acceptsOneStepOfDrift_notTwo() {
    Instant now = Instant.ofEpochSecond(1_111_111_111);
    long step = Totp.step(now);
    assertThat(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 1), now)).hasValue(step - 1);
    assertThat(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step + 1), now)).hasValue(step + 1);
    assertThat(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 2), now)).isEmpty();
    assertThat(Totp.match(SHA1_SEED, "12345a", now)).isEmpty();
  }

  @Test
  void base32_isRfc4648() {
    assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
  }
}
