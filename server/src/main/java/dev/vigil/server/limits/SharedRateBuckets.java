package dev.vigil.server.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link RateBuckets} every node shares, in PostgreSQL (Bucket4j's {@code SELECT ... FOR UPDATE}
 * proxy manager over table {@code rate_buckets}): a limit per address holds for the cluster. A
 * bucket's row says when it is full again ({@code expires_at}, epoch milliseconds); {@link
 * #forgetFull} deletes such rows.
 */
public final class SharedRateBuckets implements RateBuckets {
  private final ProxyManager<String> buckets;
  private final DataSource source;

  public SharedRateBuckets(DataSource source) {
    this.source = source;
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(source)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_buckets")
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofMinutes(1)))
            .build();
  }

  @Override
  public Optional<Duration> take(String key, int perMinute) {
    ConsumptionProbe probe =
        buckets
            .builder()
            .build(
                key + "/" + perMinute,
                () ->
                    BucketConfiguration.builder()
                        .addLimit(
                            Bandwidth.builder()
                                .capacity(perMinute)
                                .refillGreedy(perMinute, Duration.ofMinutes(1))
                                .build())
                        .build())
            .tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /**
   * Deletes the buckets that have been full again for a while (they hold nothing a fresh bucket
   * would not).
   *
   * @return how many were deleted
   */
  @Override
  public int forgetFull() {
    try (var c = source.getConnection();
        var ps = c.prepareStatement("DELETE FROM rate_buckets WHERE expires_at < ?")) {
      ps.setLong(1, System.currentTimeMillis());
      return ps.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new dev.vigil.session.StoreUnavailableException(
          "cannot forget full rate buckets: " + e.getMessage(), e);
    }
  }
}
