package dev.vigil.server.assess;

import dev.vigil.audit.EventChain;
import dev.vigil.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The event log and the data directory: the hash chain, how long events are kept, who may read the
 * directory and its secret files, and whether the first admin key still lies there.
 */
final class DataChecks {
  /** Events kept less long than this are likely gone before an incident is looked into. */
  static final Duration MIN_RETENTION = Duration.ofDays(90);

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private static final Set<PosixFilePermission> OTHERS_OR_GROUP_WRITE =
      EnumSet.of(
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private DataChecks() {}

  static Check chain(EventChain.Check c) {
    Check.Ref ref = Check.Ref.of("audit.chain", "Event log hash chain", "16.4.2", "");
    if (!c.intact()) {
      return Check.fail(
          ref,
          "broken at event "
              + c.firstBroken().map(Object::toString).orElse("?")
              + " (after "
              + c.events()
              + " events): it, or the event before it, was edited, deleted or moved",
          "find who changed the database (vigil audit verify-log names the event); restore the"
              + " events from a backup or export them and start a new log");
    }
    return Check.pass(
        ref,
        "intact: "
            + c.events()
            + " events"
            + (c.pruned() > 0
                ? ", " + c.pruned() + " older ones pruned from a recorded anchor"
                : ""));
  }

  static Check retention(Duration retention) {
    Check.Ref ref = Check.Ref.of("audit.retention", "Event retention", "16.1.1", "");
    if (retention.compareTo(MIN_RETENTION) < 0) {
      return Check.warn(
          ref,
          "audit_retention "
              + Durations.text(retention)
              + ": events are pruned before most incidents are reported",
          "set audit_retention to P90D or more (P400D is Vigil's default) and document it");
    }
    return Check.pass(
        ref, "audit_retention " + Durations.text(retention) + ", then pruned oldest first");
  }

  /**
   * The directory must not be open to others nor writable by its group, and the secret files in it
   * (the keyring, the first admin key, the SQLite database with its write-ahead log and
   * shared-memory file) must be the owner's alone. Nor may the group or others write {@code
   * native/} or a file in it: that is the copy of SQLite's native library the server loads
   * (sqlite-jdbc's, kept there rather than written to the temporary directory at each start), code
   * run as Vigil. A group that may read the directory is a WARN: some deployments share it with a
   * backup group on purpose.
   *
   * @param secrets names of files in {@code dir} that hold key material or hashes of secrets
   */
  static Check modes(Path dir, Set<String> secrets) {
    Check.Ref ref = Check.Ref.of("files.modes", "Data directory file modes", "13.3.2", "");
    Set<PosixFilePermission> dirModes;
    List<String> badFiles = new ArrayList<>();
    try {
      dirModes = Files.getPosixFilePermissions(dir);
      for (String name : secrets) {
        Path f = dir.resolve(name);
        if (Files.exists(f)) {
          Set<PosixFilePermission> m = Files.getPosixFilePermissions(f);
          if (m.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            badFiles.add(name + " " + PosixFilePermissions.toString(m));
          }
        }
      }
      Path code = dir.resolve(SqliteDatabase.NATIVE_LIBRARY_DIRECTORY);
      if (Files.isDirectory(code)) {
        List<Path> loaded = new ArrayList<>(List.of(code));
        try (var files = Files.list(code)) {
          files.sorted().forEach(loaded::add);
        }
        for (Path f : loaded) {
          Set<PosixFilePermission> m = Files.getPosixFilePermissions(f);
          if (m.stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)) {
            badFiles.add(
                dir.relativize(f) + " " + PosixFilePermissions.toString(m) + " (code Vigil loads)");
          }
        }
      }
    } catch (UnsupportedOperationException e) {
      return Check.warn(
          ref,
          "the file system of " + dir + " has no POSIX permissions; not checked",
          "limit access to " + dir + " to the account Vigil runs as");
    } catch (IOException e) {
      return Check.warn(
          ref, "cannot read the modes in " + dir + ": " + e.getMessage(), "check access to " + dir);
    }
    String dirText = dir + " is " + PosixFilePermissions.toString(dirModes);
    if (dirModes.stream().anyMatch(OTHERS_OR_GROUP_WRITE::contains) || !badFiles.isEmpty()) {
      return Check.fail(
          ref,
          dirText + (badFiles.isEmpty() ? "" : "; " + String.join(", ", badFiles)),
          "chmod 700 " + dir + " and chmod 600 the files in it");
    }
    if (dirModes.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
      return Check.warn(
          ref,
          dirText + ": its group may read it",
          "chmod 700 " + dir + " unless a group needs it");
    }
    return Check.pass(ref, dirText + "; the secret files are the owner's alone");
  }

  /** The first admin key is written to a file on first start; it should not stay there. */
  static Check adminKeyFile(Path file) {
    Check.Ref ref = Check.Ref.of("files.admin_key", "First admin key on disk", "13.3.1", "");
    if (Files.exists(file)) {
      return Check.warn(
          ref,
          file + " still holds the admin key written on first start",
          "put the key in a secret store, then delete " + file);
    }
    return Check.pass(ref, "no admin key file in the data directory");
  }
}
