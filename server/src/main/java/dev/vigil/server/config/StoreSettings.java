package dev.vigil.server.config;

import java.util.Optional;

/**
 * Where Vigil keeps its data: an embedded SQLite file in the data directory (one node), or a
 * PostgreSQL database that many nodes share.
 *
 * @param kind which store
 * @param postgresUrl with {@link Kind#POSTGRES}: a JDBC URL, {@code jdbc:postgresql://...}
 * @param postgresUser the database user
 * @param postgresPassword the user's password, if it needs one (never printed)
 * @param postgresSchema the schema Vigil's tables live in
 * @param revocationBound with PostgreSQL: the longest a change on another node goes unseen here
 * @param masterKey with PostgreSQL: the key sealing the shared keyring, as text (never printed)
 */
public record StoreSettings(
    Kind kind,
    String postgresUrl,
    String postgresUser,
    Optional<String> postgresPassword,
    String postgresSchema,
    java.time.Duration revocationBound,
    Optional<String> masterKey) {
  /** The stores Vigil can keep its data in. */
  public enum Kind {
    SQLITE,
    POSTGRES
  }

  /** The embedded default. */
  public static final StoreSettings SQLITE =
      new StoreSettings(
          Kind.SQLITE,
          "",
          "",
          Optional.empty(),
          "vigil",
          java.time.Duration.ofSeconds(1),
          Optional.empty());

  @Override
  public String toString() {
    return kind == Kind.SQLITE
        ? "sqlite"
        : "postgres "
            + postgresUrl
            + " as "
            + postgresUser
            + ", schema "
            + postgresSchema
            + ", revocations seen within "
            + revocationBound;
  }
}
