package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.TempPaths;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library is kept beside the database and the driver pointed at it. The
 * driver's own properties are cleared for each test and put back after (the driver loads its
 * library once per JVM, so what they say later changes nothing already loaded).
 */
class NativeLibraryTest {
  private final Properties before = new Properties();
  private Path dir;

  @BeforeEach
  void clear() throws Exception {
    for (String key : new String[] {NativeLibrary.PATH, NativeLibrary.NAME}) {
      String value = System.getProperty(key);
      if (value != null) {
        before.setProperty(key, value);
      }
      System.clearProperty(key);
    }
    dir = TempPaths.directory("vigil-native").resolve("native");
  }

  @AfterEach
  void restore() {
    System.clearProperty(NativeLibrary.PATH);
    System.clearProperty(NativeLibrary.NAME);
    before.forEach((k, v) -> System.setProperty((String) k, (String) v));
  }

  @Test
  void aFirstStart_copiesTheLibrary_ownerOnly_andPointsTheDriverAtIt() throws Exception {
    NativeLibrary.prepare(dir);

    Path copy = dir.resolve(LibraryLoaderUtil.getNativeLibName());
    assertThat(Files.readAllBytes(copy)).isEqualTo(jarCopy());
    assertThat(System.getProperty(NativeLibrary.PATH)).isEqualTo(dir.toString());
    assertThat(System.getProperty(NativeLibrary.NAME))
        .isEqualTo(LibraryLoaderUtil.getNativeLibName());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(copy);
    }
  }

  @Test
  void anIntactCopy_isUsedAsItIs() throws Exception {
    NativeLibrary.prepare(dir);
    Path copy = dir.resolve(LibraryLoaderUtil.getNativeLibName());
    FileTime old = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    Files.setLastModifiedTime(copy, old);
    System.clearProperty(NativeLibrary.PATH);

    NativeLibrary.prepare(dir);

    assertThat(Files.getLastModifiedTime(copy)).isEqualTo(old);
    assertThat(System.getProperty(NativeLibrary.PATH)).isEqualTo(dir.toString());
  }

  @Test
  void aCopyThatDiffersFromTheJars_isWrittenAgain() throws Exception {
    NativeLibrary.prepare(dir);
    Path copy = dir.resolve(LibraryLoaderUtil.getNativeLibName());
    byte[] damaged = Files.readAllBytes(copy);
    damaged[damaged.length / 2] ^= 1;
    Files.write(copy, damaged);
    System.clearProperty(NativeLibrary.PATH);

    NativeLibrary.prepare(dir);

    assertThat(Files.readAllBytes(copy)).isEqualTo(jarCopy());
  }

  @Test
  void aDirectoryOthersMayWrite_isNotUsed() throws Exception {
    NativeLibrary.prepare(dir);
    System.clearProperty(NativeLibrary.PATH);
    System.clearProperty(NativeLibrary.NAME);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    NativeLibrary.prepare(dir);

    assertThat(System.getProperty(NativeLibrary.PATH)).isNull();
    assertThat(System.getProperty(NativeLibrary.NAME)).isNull();
  }

  @Test
  void aCopyTheGroupMayWrite_isNotUsed() throws Exception {
    NativeLibrary.prepare(dir);
    System.clearProperty(NativeLibrary.PATH);
    System.clearProperty(NativeLibrary.NAME);
    Files.setPosixFilePermissions(
        dir.resolve(LibraryLoaderUtil.getNativeLibName()),
        PosixFilePermissions.fromString("rw-rw----"));

    NativeLibrary.prepare(dir);

    assertThat(System.getProperty(NativeLibrary.PATH)).isNull();
  }

  @Test
  void aPathTheOperatorSet_isLeftAlone() {
    System.setProperty(NativeLibrary.PATH, "/opt/sqlite-native");

    NativeLibrary.prepare(dir);

    assertThat(dir).doesNotExist();
    assertThat(System.getProperty(NativeLibrary.PATH)).isEqualTo("/opt/sqlite-native");
    assertThat(System.getProperty(NativeLibrary.NAME)).isNull();
  }

  @Test
  void aDatabaseOpened_preparesTheLibraryBesideIt() throws Exception {
    Path file = dir.resolveSibling("vigil.db");
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      assertThat(System.getProperty(NativeLibrary.PATH)).isEqualTo(dir.toString());
      assertThat(dir.resolve(LibraryLoaderUtil.getNativeLibName())).exists();
    }
  }

  private static byte[] jarCopy() throws Exception {
    String resource =
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
