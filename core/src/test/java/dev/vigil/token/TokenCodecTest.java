package dev.vigil.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.id.SessionId;
import java.security.SecureRandom;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenCodecTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
  private final TokenCodec codec = new TokenCodec();
  private final SigningKey key = Keyring.generate(RANDOM, Instant.EPOCH).current();

  @Test
  void encode_thenDecode_roundTripsAndAuthenticates() {
    SessionId id = SessionId.random(RANDOM);
    TokenSecret secret = TokenSecret.random(RANDOM);
    String token = codec.encode(key, id, 7, secret);

    assertThat(token)
        .startsWith("vs1." + key.id() + ".")
        .hasSizeLessThanOrEqualTo(TokenCodec.MAX_LENGTH);
    TokenCodec.Decoded.Parsed p = (TokenCodec.Decoded.Parsed) codec.decode(token);
    assertThat(p.sessionId()).isEqualTo(id);
    assertThat(p.generation()).isEqualTo(7);
    assertThat(p.secret()).isEqualTo(secret);
    assertThat(codec.authentic(p, key)).isTrue();
  }

  @Test
  void authentic_withAnotherKey_isFalse() {
    String token = codec.encode(key, SessionId.random(RANDOM), 0, TokenSecret.random(RANDOM));
    SigningKey other =
        new SigningKey(key.id(), new byte[32], Instant.EPOCH, java.util.Optional.empty());
    assertThat(codec.authentic((TokenCodec.Decoded.Parsed) codec.decode(token), other)).isFalse();
  }

  @Test
  void secret_isNeverPrinted() {
    assertThat(TokenSecret.random(RANDOM).toString()).isEqualTo("TokenSecret[redacted]");
    assertThat(key.toString())
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(key.material()));
  }

  @Property(tries = 3000)
  void anySingleCharacterChange_isNeverAuthentic(
      @ForAll("tokens") String token,
      @ForAll @IntRange(min = 0, max = 130) int at,
      @ForAll @IntRange(min = 0, max = 64) int replacement) {
    int i = at % token.length();
    char c = ALPHABET.charAt(replacement);
    if (token.charAt(i) == c) {
      return;
    }
    String altered = token.substring(0, i) + c + token.substring(i + 1);
    assertThat(accepted(altered)).as(altered).isFalse();
  }

  @Property(tries = 500)
  void anyTruncation_isNeverAuthentic(
      @ForAll("tokens") String token, @ForAll @IntRange(min = 0, max = 130) int cut) {
    assertThat(accepted(token.substring(0, cut % token.length()))).isFalse();
  }

  @Property(tries = 500)
  void anyExtension_isNeverAuthentic(
      @ForAll("tokens") String token, @ForAll("suffixes") String suffix) {
    assertThat(accepted(token + suffix)).isFalse();
    assertThat(accepted(suffix + token)).isFalse();
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.integers()
        .between(0, Integer.MAX_VALUE)
        .map(g -> codec.encode(key, SessionId.random(RANDOM), g, TokenSecret.random(RANDOM)));
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.strings().withChars(ALPHABET + "=/+ ").ofMinLength(1).ofMaxLength(8);
  }

  private boolean accepted(String candidate) {
    return codec.decode(candidate) instanceof TokenCodec.Decoded.Parsed p
        && codec.authentic(p, key);
  }
}
