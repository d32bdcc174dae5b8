package dev.vigil.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.Username;
import dev.vigil.client.IpAddress;
import dev.vigil.id.IncidentId;
import dev.vigil.id.ReportId;
import dev.vigil.id.SessionId;
import dev.vigil.id.UserId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 11 §6: the token codec and the parsers of caller text take any string, and any bytes read
 * as text, without throwing: the only refusal is the documented one ({@link
 * TokenCodec.Decoded.Malformed}, an empty {@code Optional}, {@link Username.Result.Refused}). A
 * string the codec parses is the one canonical spelling of its token. Fixed budgets: about 10,000
 * cases in all, well under a second.
 */
class TokenCodecProperties {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TokenCodec codec = new TokenCodec();
  private final SigningKey key = Keyring.generate(RANDOM, Instant.EPOCH).current();

  @Property(tries = 3000)
  void decode_anyText_isParsedOrMalformed_andParsedIsCanonical(@ForAll("hostile") String text) {
    TokenCodec.Decoded d = codec.decode(text);
    switch (d) {
      case TokenCodec.Decoded.Malformed m -> assertThat(m.why()).isNotBlank();
      case TokenCodec.Decoded.Parsed p -> {
        assertThat(text)
            .isEqualTo(
                p.signed() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(p.mac()));
      }
    }
  }

  @Property(tries = 2000)
  void decode_anyBytesReadAsText_inAnyPartOfAToken_neverThrows(@ForAll byte[] bytes) {
    String token = codec.encode(key, SessionId.random(RANDOM), 1, TokenSecret.random(RANDOM));
    String[] parts = token.split("\\.");
    for (var charset :
        new java.nio.charset.Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1}) {
      String text = new String(bytes, charset);
      for (int part = 0; part < parts.length; part++) {
        // the part replaced by the text, kept at its length so the later checks are reached
        String[] altered = parts.clone();
        altered[part] = fit(text, parts[part]);
        assertThat(codec.decode(String.join(".", altered))).isNotNull();
      }
      assertThat(codec.decode(TokenCodec.PREFIX + text)).isNotNull();
    }
  }

  /** {@code text} cut or padded with the end of {@code like} to the length of {@code like}. */
  private static String fit(String text, String like) {
    String t = text.length() > like.length() ? text.substring(0, like.length()) : text;
    return t + like.substring(t.length());
  }

  @Property(tries = 3000)
  void callerTextParsers_anyText_refuseWithoutThrowing(@ForAll("hostile") String text) {
    assertThat(SessionId.parse(text)).isNotNull();
    assertThat(UserId.parse(text)).isNotNull();
    assertThat(IncidentId.parse(text)).isNotNull();
    assertThat(ReportId.parse(text)).isNotNull();
    assertThat(IpAddress.parse(text)).isNotNull();
    assertThat(Username.parse(text)).isNotNull();
    KeyId.valid(text);
  }

  /**
   * Text of every kind: any Unicode (lone surrogates, NUL, controls), the token alphabet behind the
   * prefix, a valid token with a character changed, and long runs.
   */
  @Provide
  Arbitrary<String> hostile() {
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> alphabet =
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/")
            .ofMaxLength(200)
            .map(s -> TokenCodec.PREFIX + s);
    Arbitrary<String> altered =
        Combinators.combine(
                Arbitraries.integers().between(0, 200),
                Arbitraries.chars().all(),
                Arbitraries.integers().between(0, Integer.MAX_VALUE))
            .as(
                (at, c, generation) -> {
                  String t =
                      codec.encode(
                          key, SessionId.random(RANDOM), generation, TokenSecret.random(RANDOM));
                  int i = at % t.length();
                  return t.substring(0, i) + c + t.substring(i + 1);
                });
    Arbitrary<String> long_ =
        Arbitraries.of("a", "\u0000", "\uD800", "😀", ".", "vs1.")
            .flatMap(s -> Arbitraries.integers().between(1, 20_000).map(s::repeat));
    return Arbitraries.oneOf(any, alphabet, altered, long_);
  }
}
