package dev.vigil.server.account;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.vigil.account.PasswordHasher;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Argon2id computed by the reference C library, libargon2 (the Password Hashing Competition's
 * implementation, Debian package {@code libargon2-1}), called through JNA: the same bytes as {@link
 * PasswordHasher#JAVA} (RFC 9106), in about half the time (docs/BENCHMARKS.md, "Password hashing").
 *
 * <p>{@link #load()} finds the library and checks it against the Java engine on a small input
 * before it is used; a library that is missing, of another ABI, or that answers differently is not
 * used, and the caller keeps the Java engine.
 */
public final class NativeArgon2 implements PasswordHasher.Engine {
  /** {@code ARGON2_OK} in argon2.h. */
  private static final int ARGON2_OK = 0;

  /** The one function used, from argon2.h; {@code size_t} is a C {@code long} on LP64 systems. */
  interface Argon2Library extends Library {
    int argon2id_hash_raw(
        int tCost,
        int mCost,
        int parallelism,
        byte[] pwd,
        NativeLong pwdlen,
        byte[] salt,
        NativeLong saltlen,
        byte[] hash,
        NativeLong hashlen);

    String argon2_error_message(int code);
  }

  private final Argon2Library library;

  private NativeArgon2(Argon2Library library) {
    this.library = library;
  }

  /**
   * libargon2 if it loads and gives the Java engine's bytes on a check input; otherwise why not.
   *
   * @return the engine, or the reason it is not available
   */
  public static Result load() {
    if (!com.sun.jna.Platform.is64Bit() || Native.LONG_SIZE != 8) {
      return new Result(Optional.empty(), "not a 64-bit platform with 64-bit C long");
    }
    NativeArgon2 engine;
    try {
      engine = new NativeArgon2(Native.load("argon2", Argon2Library.class));
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return new Result(Optional.empty(), "libargon2 not found (" + firstLine(e) + ")");
    }
    byte[] password = "vigil native argon2 check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] salt = "sixteen byte slt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    PasswordHasher.Params check = new PasswordHasher.Params(256, 2, 1);
    try {
      byte[] expected = PasswordHasher.JAVA.argon2id(password, salt, check, 32);
      if (!MessageDigest.isEqual(expected, engine.argon2id(password, salt, check, 32))) {
        return new Result(Optional.empty(), "libargon2 answered other bytes than the Java engine");
      }
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return new Result(Optional.empty(), "libargon2 failed its check (" + firstLine(e) + ")");
    }
    return new Result(Optional.of(engine), "libargon2 loaded and checked");
  }

  /** What {@link #load()} found: the engine if usable, and a line saying why or why not. */
  public record Result(Optional<PasswordHasher.Engine> engine, String reason) {}

  @Override
  public byte[] argon2id(byte[] password, byte[] salt, PasswordHasher.Params params, int length) {
    byte[] out = new byte[length];
    int code =
        library.argon2id_hash_raw(
            params.iterations(),
            params.memoryKiB(),
            params.parallelism(),
            password,
            new NativeLong(password.length),
            salt,
            new NativeLong(salt.length),
            out,
            new NativeLong(length));
    if (code != ARGON2_OK) {
      throw new IllegalStateException(
          "libargon2 refused the hash: " + library.argon2_error_message(code));
    }
    return out;
  }

  @Override
  public String name() {
    return "native (libargon2)";
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
