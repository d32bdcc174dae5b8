package dev.vigil.server.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets by key (a client address): {@code perMinute} tokens, refilled evenly over a minute.
 * Taking a token is atomic where the buckets are kept, so concurrent requests on any number of
 * nodes never take more than the bucket holds.
 */
public interface RateBuckets {
  /**
   * Takes one token from bucket {@code key}.
   *
   * @param perMinute the bucket's capacity and refill per minute, at least 1
   * @return empty when a token was taken, else how long until one is there
   */
  Optional<Duration> take(String key, int perMinute);

  /**
   * Forgets the buckets that have been full again for a while, where they are kept in a store
   * (memory forgets by itself).
   *
   * @return how many were forgotten
   */
  int forgetFull();
}
