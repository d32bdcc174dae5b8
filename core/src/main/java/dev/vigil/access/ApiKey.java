package dev.vigil.access;

import dev.vigil.token.SecretHash;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A registered API key: its public id ({@code key_...}), a unique name, the SHA-256 of the key
 * text, its scopes, and when it was created and revoked. The key text itself is never stored.
 */
public record ApiKey(
    String id,
    String name,
    SecretHash hash,
    Set<Scope> scopes,
    Instant createdAt,
    Optional<Instant> revokedAt) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public ApiKey {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("an API key name is 1-64 of [A-Za-z0-9._-]");
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("an API key needs at least one scope");
    }
    scopes = Set.copyOf(EnumSet.copyOf(scopes));
  }

  /** Whether a name is acceptable. */
  public static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Whether this key may act in {@code scope}. */
  public boolean allows(Scope scope) {
    return revokedAt.isEmpty() && (scopes.contains(Scope.ADMIN) || scopes.contains(scope));
  }
}
