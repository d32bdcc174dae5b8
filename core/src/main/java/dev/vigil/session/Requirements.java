package dev.vigil.session;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a caller requires of a valid session for this request: roles it must hold, a maximum age of
 * its authentication, a minimum assurance level.
 */
public record Requirements(Set<String> roles, Optional<Duration> maxAuthAge, OptionalInt aal) {
  /** No requirement. */
  public static final Requirements NONE =
      new Requirements(Set.of(), Optional.empty(), OptionalInt.empty());

  public Requirements {
    roles = Set.copyOf(roles);
  }
}
