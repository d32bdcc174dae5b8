package dev.vigil.session;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a caller requires of a valid session for this request: roles it must hold, permissions its
 * roles must grant ({@link RolePermissions}), a maximum age of its authentication, a minimum
 * assurance level.
 */
public record Requirements(
    Set<String> roles, Set<String> permissions, Optional<Duration> maxAuthAge, OptionalInt aal) {
  /** No requirement. */
  public static final Requirements NONE =
      new Requirements(Set.of(), Set.of(), Optional.empty(), OptionalInt.empty());

  public Requirements {
    roles = Set.copyOf(roles);
    permissions = Set.copyOf(permissions);
  }

  /** Requirements without permissions. */
  public Requirements(Set<String> roles, Optional<Duration> maxAuthAge, OptionalInt aal) {
    this(roles, Set.of(), maxAuthAge, aal);
  }
}
