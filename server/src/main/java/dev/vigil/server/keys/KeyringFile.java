package dev.vigil.server.keys;

import dev.vigil.token.Keyring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The keyring kept in {@code <data>/keyring.json} (mode 0600, written atomically). Created with one
 * key on first start. {@link #get()} is what the verifier calls on every token: it returns the
 * keyring held in memory; {@link #reloadIfChanged()} (run every few seconds by the server) picks up
 * a rotation made by {@code vigil keys rotate} in another process.
 */
public final class KeyringFile implements KeyringSource {
  /** The file name inside the data directory. */
  public static final String NAME = "keyring.json";

  private final Path file;
  private volatile Keyring keyring;
  private volatile FileTime loadedAt;

  private KeyringFile(Path file, Keyring keyring, FileTime loadedAt) {
    this.file = file;
    this.keyring = keyring;
    this.loadedAt = loadedAt;
  }

  /** Opens the keyring of {@code dataDir}, creating it with one fresh key if there is none. */
  public static KeyringFile open(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(NAME);
    try {
      if (!Files.exists(file)) {
        write(file, Keyring.generate(new SecureRandom(), clock.instant()), true);
      }
      return new KeyringFile(file, read(file), Files.getLastModifiedTime(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open keyring " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Keyring get() {
    return keyring;
  }

  /** Reads the file again if it changed (a rotation by the CLI may not be picked up yet). */
  @Override
  public Keyring fresh() {
    reloadIfChanged();
    return keyring;
  }

  @Override
  public synchronized Keyring rotate(Clock clock) {
    reloadIfChanged();
    Keyring next = keyring.rotate(new SecureRandom(), clock.instant());
    try {
      write(file, next, false);
      keyring = next;
      loadedAt = Files.getLastModifiedTime(file);
      return next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write keyring " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the file again if it changed since it was last read. */
  @Override
  public synchronized void reloadIfChanged() {
    try {
      FileTime now = Files.getLastModifiedTime(file);
      if (!now.equals(loadedAt)) {
        keyring = read(file);
        loadedAt = now;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keyring " + file + ": " + e.getMessage(), e);
    }
  }

  private static Keyring read(Path file) throws IOException {
    return KeyringJson.decode(Files.readAllBytes(file));
  }

  private static void write(Path file, Keyring keyring, boolean createOnly) throws IOException {
    Path tmp = file.resolveSibling(NAME + ".tmp");
    Files.deleteIfExists(tmp);
    dev.vigil.server.files.OwnerOnly.createFile(tmp);
    Files.write(tmp, KeyringJson.encode(keyring));
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    if (createOnly && Files.exists(file)) {
      Files.delete(tmp);
      throw new FileAlreadyExistsException(file.toString());
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
