package dev.vigil.server;

import com.github.benmanes.caffeine.cache.Interner;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Authentication;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.TokenChain;
import dev.vigil.store.jdbc.Columns;
import dev.vigil.token.KeyId;
import dev.vigil.token.SecretHash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Packs a session read from the store into what the node cache keeps, and unpacks it again without
 * changing its value. A packed session ({@link Packed}) holds its instants as nanoseconds since the
 * epoch (as the stores keep them), its two token hashes and the successor nonce as numbers, an IPv4
 * address as an {@code int}, and everything that repeats across sessions (role sets, authentication
 * methods, user agents, timeouts, key ids) through a weak interner; the session id is the cache
 * key's. A value no cached session refers to any more leaves the interner with the next garbage
 * collection. Only values that repeat across many sessions are interned: a unique one would cost an
 * interner entry and save nothing. A session whose instants do not fit in 64 bits of nanoseconds
 * (years before 1677 or after 2262, which no store holds), or whose successor nonce is not of the
 * usual {@value TokenChain#NONCE_LENGTH} bytes, is kept whole ({@link Whole}). Thread-safe.
 */
final class CompactSessions {
  private final Interner<Object> shared = Interner.newWeakInterner();

  /** What the cache holds for one session. */
  sealed interface Entry permits Packed, Whole {
    /** The session, equal to the one packed, with {@code id} (the key it is cached under). */
    Session unpack(SessionId id);
  }

  /** A session kept as it is. */
  record Whole(Session session) implements Entry {
    @Override
    public Session unpack(SessionId id) {
      return session;
    }
  }

  /**
   * The cache key of a session: the 128 random bits of its id as two numbers (32 bytes on the heap,
   * where a {@link SessionId} and its text take about 90).
   */
  record Key(long high, long low) {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static Key of(SessionId id) {
      byte[] b = id.bytes();
      return new Key((long) LONGS.get(b, 0), (long) LONGS.get(b, 8));
    }

    SessionId id() {
      byte[] b = new byte[16];
      LONGS.set(b, 0, high);
      LONGS.set(b, 8, low);
      return SessionId.ofBytes(b);
    }
  }

  /** {@code session} packed for the cache, under {@link Key#of} its id. */
  Entry compact(Session session) {
    boolean usualNonce =
        session.chain().successorNonce().map(n -> n.length == TokenChain.NONCE_LENGTH).orElse(true);
    if (!usualNonce) {
      return new Whole(session);
    }
    try {
      return new Packed(session, this);
    } catch (ArithmeticException outOfRange) {
      return new Whole(session);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T intern(T value) {
    return (T) shared.intern(value);
  }

  /** The packed form; see the class comment. */
  static final class Packed implements Entry {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int BOUND = 1;
    private static final int USED = 2;
    private static final int RENEW_PENDING = 4;
    private static final int PREVIOUS = 8;
    private static final int IPV4 = 16;

    private final Subject subject;
    private final Set<String> roles;
    private final List<String> methods;
    private final Optional<String> userAgent;
    private final @Nullable IpAddress otherAddress; // IPv6; null when IPv4 (in ipv4) or none
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final KeyId currentKid;
    private final @Nullable Revocation revocation;
    private final long authTime;
    private final long createdAt;
    private final long lifetimeStart;
    private final long lastSeenAt;
    private final long issuedAt;
    private final long generation;
    private final long supersededBelow;
    private final long current0;
    private final long current1;
    private final long current2;
    private final long current3;
    private final long previous0;
    private final long previous1;
    private final long previous2;
    private final long previous3;
    private final long nonce0;
    private final long nonce1;
    private final int ipv4;
    private final byte aal;
    private final byte flags;

    Packed(Session s, CompactSessions interner) {
      subject = s.subject();
      roles = interner.intern(s.roles());
      Authentication a = s.auth();
      methods = interner.intern(a.methods());
      authTime = Columns.nanos(a.time());
      aal = (byte) a.aal();
      ClientContext c = s.client();
      userAgent = interner.intern(c.userAgent());
      InetAddress address = c.ip().map(IpAddress::address).orElse(null);
      boolean v4 = address instanceof Inet4Address;
      ipv4 = v4 ? (int) INTS.get(address.getAddress(), 0) : 0;
      otherAddress = v4 ? null : c.ip().orElse(null);
      idleTimeout = interner.intern(s.idleTimeout());
      absoluteTimeout = interner.intern(s.absoluteTimeout());
      createdAt = Columns.nanos(s.createdAt());
      lifetimeStart = Columns.nanos(s.lifetimeStart());
      lastSeenAt = Columns.nanos(s.lastSeenAt());
      TokenChain t = s.chain();
      generation = t.generation();
      issuedAt = Columns.nanos(t.issuedAt());
      supersededBelow = t.supersededBelow();
      currentKid = interner.intern(t.currentKid());
      byte[] current = t.currentHash().bytes();
      current0 = (long) LONGS.get(current, 0);
      current1 = (long) LONGS.get(current, 8);
      current2 = (long) LONGS.get(current, 16);
      current3 = (long) LONGS.get(current, 24);
      byte[] previous = t.previousHash().map(SecretHash::bytes).orElse(new byte[32]);
      previous0 = (long) LONGS.get(previous, 0);
      previous1 = (long) LONGS.get(previous, 8);
      previous2 = (long) LONGS.get(previous, 16);
      previous3 = (long) LONGS.get(previous, 24);
      byte[] nonce = t.successorNonce().orElse(new byte[TokenChain.NONCE_LENGTH]);
      nonce0 = (long) LONGS.get(nonce, 0);
      nonce1 = (long) LONGS.get(nonce, 8);
      revocation = s.revocation().orElse(null);
      flags =
          (byte)
              ((s.boundToClient() ? BOUND : 0)
                  | (t.currentUsed() ? USED : 0)
                  | (t.renewPending() ? RENEW_PENDING : 0)
                  | (t.previousHash().isPresent() ? PREVIOUS : 0)
                  | (v4 ? IPV4 : 0));
    }

    @Override
    public Session unpack(SessionId id) {
      Instant created = Columns.instant(createdAt);
      Instant lifetime = same(lifetimeStart, created);
      Instant seen = lastSeenAt == lifetimeStart ? lifetime : same(lastSeenAt, created);
      Optional<IpAddress> ip =
          (flags & IPV4) != 0 ? Optional.of(ipv4(ipv4)) : Optional.ofNullable(otherAddress);
      boolean hasPrevious = (flags & PREVIOUS) != 0;
      TokenChain chain =
          new TokenChain(
              generation,
              hash(current0, current1, current2, current3),
              (flags & USED) != 0,
              issuedAt == lastSeenAt ? seen : same(issuedAt, created),
              hasPrevious
                  ? Optional.of(hash(previous0, previous1, previous2, previous3))
                  : Optional.empty(),
              hasPrevious ? Optional.of(bytes(nonce0, nonce1)) : Optional.empty(),
              currentKid,
              supersededBelow,
              (flags & RENEW_PENDING) != 0);
      return new Session(
          id,
          subject,
          roles,
          new Authentication(
              methods, authTime == lifetimeStart ? lifetime : same(authTime, created), aal),
          new ClientContext(ip, userAgent),
          (flags & BOUND) != 0,
          created,
          lifetime,
          seen,
          idleTimeout,
          absoluteTimeout,
          chain,
          Optional.ofNullable(revocation));
    }

    private static Instant same(long nanos, Instant created) {
      return nanos == Columns.nanos(created) ? created : Columns.instant(nanos);
    }

    private static SecretHash hash(long a, long b, long c, long d) {
      byte[] out = new byte[32];
      LONGS.set(out, 0, a);
      LONGS.set(out, 8, b);
      LONGS.set(out, 16, c);
      LONGS.set(out, 24, d);
      return new SecretHash(out);
    }

    private static byte[] bytes(long a, long b) {
      byte[] out = new byte[16];
      LONGS.set(out, 0, a);
      LONGS.set(out, 8, b);
      return out;
    }

    private static IpAddress ipv4(int packed) {
      byte[] b = new byte[4];
      INTS.set(b, 0, packed);
      try {
        return new IpAddress(InetAddress.getByAddress(b));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("four bytes are always an address", e);
      }
    }
  }
}
