package dev.vigil.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in attempts per client address: a token bucket (Bucket4j) of {@code perMinute} attempts,
 * refilled continuously. It complements the per-account throttle: that one stops guessing at one
 * account, this one stops one address from trying many accounts (credential stuffing). Applies only
 * when the application passes the person's address in {@code client.ip}. At most 100,000 addresses
 * are tracked, each forgotten ten minutes after its last attempt. Thread-safe.
 */
public final class LoginRateLimit {
  private final int perMinute;
  private final Cache<IpAddress, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  /** A limit of {@code perMinute} attempts per address; 0 turns it off. */
  public LoginRateLimit(int perMinute) {
    this.perMinute = perMinute;
  }

  /** Takes one attempt for the client's address; how long to wait when none is left. */
  public Optional<Duration> take(ClientContext client) {
    if (perMinute == 0 || client.ip().isEmpty()) {
      return Optional.empty();
    }
    Bucket bucket =
        buckets.get(
            client.ip().get(),
            k ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(perMinute)
                            .refillGreedy(perMinute, Duration.ofMinutes(1))
                            .build())
                    .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }
}
