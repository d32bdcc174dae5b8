package dev.vigil.access;

import dev.vigil.token.SecretHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks API keys. A presented key is hashed with SHA-256 and looked up by that hash;
 * the stored hash is then compared in constant time. Known keys are held in memory and {@link
 * #reload() reloaded} by the server every few seconds, so a key revoked by another process (the
 * CLI) stops working within {@link #CACHE_FOR}, and a busy server never waits on the store to check
 * a key it knows; a key revoked through this instance stops at once. Thread-safe.
 */
public final class ApiKeys {
  /** How long a successful look-up is trusted without asking the store again. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(5);

  /** Keys issued by Vigil start with this (secret scanners can find them). */
  public static final String PREFIX = "vk1_";

  /** The shortest key text accepted, for bootstrap keys chosen by an operator. */
  public static final int MIN_LENGTH = 32;

  private final ApiKeyStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile Map<SecretHash, ApiKey> known = Map.of();
  private final Map<SecretHash, Instant> misses = new ConcurrentHashMap<>();

  /** A key as issued: the text to hand to the caller once, and what is stored. */
  public record Issued(String text, ApiKey key) {
    @Override
    public String toString() {
      return "Issued[" + key.id() + ", " + key.name() + "]";
    }
  }

  public ApiKeys(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    reload();
  }

  /** Reads every key from the store again; the server calls this every couple of seconds. */
  public void reload() {
    Map<SecretHash, ApiKey> next = new java.util.HashMap<>();
    for (ApiKey k : store.list()) {
      next.put(k.hash(), k);
    }
    known = Map.copyOf(next);
    misses.clear();
  }

  /**
   * Creates a key with a fresh random text ({@code vk1_} and 43 base64url characters).
   *
   * @return the key, shown once; empty when an unrevoked key has this name (decided by the store)
   */
  public Optional<Issued> create(String name, Set<Scope> scopes) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String text = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    ApiKey key = key(name, text, scopes);
    if (!store.insert(key)) {
      return Optional.empty();
    }
    reload();
    return Optional.of(new Issued(text, key));
  }

  /**
   * Registers exactly {@code text} under {@code name} (the bootstrap key), replacing any key of
   * that name.
   *
   * @throws IllegalArgumentException if the text is shorter than {@value #MIN_LENGTH} characters
   */
  public Issued register(String name, String text, Set<Scope> scopes) {
    if (text.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "an API key must be at least " + MIN_LENGTH + " characters, was " + text.length());
    }
    ApiKey key = key(name, text, scopes);
    store.save(key);
    reload();
    return new Issued(text, key);
  }

  private ApiKey key(String name, String text, Set<Scope> scopes) {
    byte[] id = new byte[9];
    random.nextBytes(id);
    return new ApiKey(
        "key_" + Base64.getUrlEncoder().withoutPadding().encodeToString(id),
        name,
        hash(text),
        scopes,
        clock.instant(),
        Optional.empty());
  }

  /** The unrevoked key whose text is {@code presented}, if any. */
  public Optional<ApiKey> authenticate(String presented) {
    if (presented.length() < MIN_LENGTH || presented.length() > 512) {
      return Optional.empty();
    }
    SecretHash h = hash(presented);
    ApiKey key = known.get(h);
    if (key == null) {
      key = unknown(h).orElse(null);
      if (key == null) {
        return Optional.empty();
      }
    }
    boolean same = MessageDigest.isEqual(key.hash().bytes(), h.bytes());
    return same && key.revokedAt().isEmpty() ? Optional.of(key) : Optional.empty();
  }

  /**
   * A key not yet in memory: created by another process since the last reload. Asked of the store
   * at most once per {@link #CACHE_FOR} for the same text, so a flood of wrong keys cannot turn
   * into a flood of store reads for one value.
   */
  private Optional<ApiKey> unknown(SecretHash h) {
    Instant now = clock.instant();
    Instant last = misses.get(h);
    if (last != null && now.isBefore(last.plus(CACHE_FOR))) {
      return Optional.empty();
    }
    if (misses.size() > 10_000) {
      misses.clear();
    }
    misses.put(h, now);
    Optional<ApiKey> found = store.findByHash(h);
    found.ifPresent(k -> reload());
    return found;
  }

  /** Every key, oldest first. */
  public List<ApiKey> list() {
    return store.list();
  }

  /** Revokes a key by id or name; see {@link ApiKeyStore#revoke}. */
  public boolean revoke(String idOrName) {
    boolean done = store.revoke(idOrName, clock.instant());
    reload();
    return done;
  }

  private static SecretHash hash(String text) {
    try {
      return new SecretHash(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
