package dev.vigil.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link RateBuckets} in this node's memory (Bucket4j), for one node: at most 100,000 keys, each
 * forgotten ten minutes after its last use.
 */
public final class LocalRateBuckets implements RateBuckets {
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  @Override
  public Optional<Duration> take(String key, int perMinute) {
    Bucket bucket =
        buckets.get(
            key + "/" + perMinute,
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

  /** Nothing to do: the cache forgets a bucket ten minutes after its last use. */
  @Override
  public int forgetFull() {
    return 0;
  }
}
