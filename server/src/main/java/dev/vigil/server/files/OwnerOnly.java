package dev.vigil.server.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner may read: what Vigil writes holds secrets or personal data
 * (keys, hashes, the audit log and its exports), so it is created mode 0600 (0700 for a directory)
 * whatever the process's umask, rather than made so afterwards, which would leave a moment when
 * others could open it (ASVS 5.0 V13.3: secrets protected at rest).
 */
public final class OwnerOnly {
  private OwnerOnly() {}

  /** Mode 0600, for {@link Files#createFile} and {@code FileChannel.open}. */
  public static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** Mode 0700, for {@link Files#createDirectories}. */
  public static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  /**
   * Creates {@code file} empty with mode 0600.
   *
   * @throws java.nio.file.FileAlreadyExistsException if it exists
   */
  public static Path createFile(Path file) throws IOException {
    return Files.createFile(file, FILE);
  }

  /** Writes {@code text} to a new file {@code file} with mode 0600, replacing any file there. */
  public static void replaceWith(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    createFile(file);
    Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
