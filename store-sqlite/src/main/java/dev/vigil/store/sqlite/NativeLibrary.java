package dev.vigil.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where sqlite-jdbc loads its native library from: a copy kept in a directory of the data
 * directory's, instead of the copy the driver writes to {@code java.io.tmpdir} at every start.
 *
 * <p>Left to itself, sqlite-jdbc copies the library (about 1.1 MB) out of its jar into the
 * temporary directory under a new name each time a JVM first opens a database, then reads both back
 * a byte at a time to compare them: 60-140 ms of every cold start of {@code vigil serve}
 * (docs/BENCHMARKS.md, "Start-up to ready"). Here the copy is made once, in {@code native/} beside
 * the database file (created {@code rwx------}; the file {@code rw-------}), and at each start it
 * is used only when its size and CRC-32 are those the jar records for the library; otherwise it is
 * written again, atomically (a new file moved into place), so two processes starting at once each
 * load a whole copy. The driver is told through its own system properties, {@code
 * org.sqlite.lib.path} and {@code org.sqlite.lib.name}; when the operator has set {@code
 * org.sqlite.lib.path}, nothing is done. When the library is not in a jar (the build's own classes)
 * the driver is pointed at it where it lies. A {@code native/} directory or copy that the group or
 * others may write is not used (code there could be swapped between the check and the load; {@code
 * vigil audit} fails it too). Any failure here leaves the driver to its own way, with a line in the
 * log.
 */
final class NativeLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
  static final String PATH = "org.sqlite.lib.path";
  static final String NAME = "org.sqlite.lib.name";

  private NativeLibrary() {}

  /**
   * Points sqlite-jdbc at a copy of its native library in {@code dir} (made or mended if needed),
   * unless {@value #PATH} is already set. Does nothing the driver cannot do without.
   */
  static synchronized void prepare(Path dir) {
    if (System.getProperty(PATH) != null) {
      return;
    }
    String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
    String resource = Platform.FOLDER + "/" + name;
    URL url = org.sqlite.SQLiteJDBCLoader.class.getResource(resource);
    if (url == null) {
      return; // no library for this platform in the jar: the driver says so when it looks
    }
    try {
      Path where = "file".equals(url.getProtocol()) ? Path.of(url.toURI()) : copy(url, dir, name);
      System.setProperty(NAME, where.getFileName().toString());
      System.setProperty(PATH, where.getParent().toAbsolutePath().toString());
    } catch (IOException | URISyntaxException | RuntimeException e) {
      LOG.warn("sqlite-jdbc extracts its native library itself: {}", e.toString());
    }
  }

  /**
   * The folder of the driver's jar that holds this platform's library ({@code
   * /org/sqlite/native/Linux/x86_64}), found once per JVM: sqlite-jdbc's platform search starts a
   * {@code uname -o} process each time it is asked (10-16 ms of a start). Its first use may come
   * from {@code serve}'s warm-up thread, off the main thread's path.
   */
  private static final class Platform {
    static final String FOLDER = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath();
  }

  /** {@code dir/name}, holding the bytes at {@code url}. */
  private static Path copy(URL url, Path dir, String name) throws IOException {
    Path target = dir.resolve(name);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix && (othersMayWrite(dir) || othersMayWrite(target))) {
      // code from there could be swapped by another account between the check and the load
      throw new IOException(dir + " or the library in it may be written by the group or others");
    }
    if (Files.isRegularFile(target) && same(url, target)) {
      return target;
    }
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    // createTempFile makes the file rw------- where the file system has POSIX modes
    Path part = Files.createTempFile(dir, name, ".part");
    try {
      // into the file made above (Files.copy would replace it with one of the umask's mode)
      try (InputStream in = url.openStream();
          OutputStream out = Files.newOutputStream(part)) {
        in.transferTo(out);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
    LOG.debug("sqlite-jdbc's native library copied to {}", target);
    return target;
  }

  /**
   * Whether {@code file} holds the bytes at {@code url}. In a jar, the size and CRC-32 its
   * directory records for the entry against the file's (nothing inflated; the check finds a copy of
   * another driver version or platform, or one cut short, not a forgery: the directory is the
   * owner's alone, and {@code vigil audit} fails one others may write); elsewhere the bytes
   * themselves.
   */
  private static boolean same(URL url, Path file) throws IOException {
    if (url.openConnection() instanceof JarURLConnection jar) {
      JarEntry entry = jar.getJarEntry();
      if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
        return entry.getSize() == Files.size(file) && entry.getCrc() == crc(file);
      }
    }
    try (InputStream in = url.openStream()) {
      return Arrays.equals(in.readAllBytes(), Files.readAllBytes(file));
    }
  }

  /** Whether {@code path} exists and its group or others may write it. */
  private static boolean othersMayWrite(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    var modes = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    return modes.contains(PosixFilePermission.GROUP_WRITE)
        || modes.contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static long crc(Path file) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }
}
