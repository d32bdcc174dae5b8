package dev.vigil.session;

import dev.vigil.id.SessionId;
import dev.vigil.token.KeyId;
import dev.vigil.token.KeyringSupplier;
import dev.vigil.token.SigningKey;
import dev.vigil.token.TokenCodec;
import dev.vigil.token.TokenSecret;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Makes tokens: fresh ones, automatic successors, and successors re-derived in the grace window.
 */
final class TokenMint {
  private final TokenCodec codec;
  private final KeyringSupplier keyring;
  private final SecureRandom random;

  TokenMint(TokenCodec codec, KeyringSupplier keyring, SecureRandom random) {
    this.codec = codec;
    this.keyring = keyring;
    this.random = random;
  }

  /** A token with the text a client holds and the secret whose hash the store keeps. */
  record Minted(String token, TokenSecret secret, KeyId kid) {
    @Override
    public String toString() {
      return "Minted[" + kid + "]";
    }
  }

  KeyId currentKid() {
    return keyring.get().current().id();
  }

  Minted fresh(SessionId id, long generation) {
    SigningKey key = keyring.get().current();
    TokenSecret secret = TokenSecret.random(random);
    return new Minted(codec.encode(key, id, generation, secret), secret, key.id());
  }

  byte[] nonce() {
    byte[] n = new byte[TokenChain.NONCE_LENGTH];
    random.nextBytes(n);
    return n;
  }

  Minted successor(SessionId id, long generation, TokenSecret previous, byte[] nonce) {
    SigningKey key = keyring.get().current();
    TokenSecret secret = codec.successor(key, id, generation, previous, nonce);
    return new Minted(codec.encode(key, id, generation, secret), secret, key.id());
  }

  /**
   * The current token of {@code s}, computed again from the previous generation's secret; empty
   * when the chain cannot reproduce it (its key is gone, or the secrets do not line up).
   */
  Optional<String> rederive(Session s, TokenSecret previous) {
    TokenChain c = s.chain();
    Optional<SigningKey> key = keyring.get().find(c.currentKid());
    if (key.isEmpty() || c.successorNonce().isEmpty()) {
      return Optional.empty();
    }
    TokenSecret secret =
        codec.successor(key.get(), s.id(), c.generation(), previous, c.successorNonce().get());
    if (!c.currentHash().matches(secret)) {
      return Optional.empty();
    }
    return Optional.of(codec.encode(key.get(), s.id(), c.generation(), secret));
  }
}
