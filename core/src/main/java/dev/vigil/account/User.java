package dev.vigil.account;

import dev.vigil.id.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account: its id (also the subject of its sessions), username, optional e-mail, roles, the
 * Argon2id hash of its password in PHC form, and whether it is disabled. Failed sign-ins are
 * counted apart, per username ({@link LoginFailures}). {@link #toString()} never shows the hash.
 */
public record User(
    UserId id,
    Username username,
    Optional<String> email,
    Set<String> roles,
    String passwordHash,
    Instant createdAt,
    Optional<Instant> disabledAt) {

  public User {
    roles = Set.copyOf(new TreeSet<>(roles));
  }

  /** Whether the account may sign in at all. */
  public boolean enabled() {
    return disabledAt.isEmpty();
  }

  /** The subject of this user's sessions: the user id. */
  public dev.vigil.id.Subject subject() {
    return new dev.vigil.id.Subject(id.value());
  }

  @Override
  public String toString() {
    return "User[" + id + ", " + username + "]";
  }
}
