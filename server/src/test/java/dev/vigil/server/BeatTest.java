package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.beat.Beat;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A beat stops cleanly: close() returns only once a run under way has ended, and none follows. */
class BeatTest {
  @Test
  void close_waitsForTheRunUnderWay_evenALongOne() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean ended = new AtomicBoolean();
    AtomicInteger runs = new AtomicInteger();
    Beat beat =
        new Beat(
            "test-beat",
            Duration.ofMillis(10),
            () -> {
              runs.incrementAndGet();
              running.countDown();
              try {
                Thread.sleep(2_500); // longer than the two seconds close() used to wait
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ended.set(true);
            });
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    beat.close();
    assertThat(ended).as("the store may be closed right after close() returns").isTrue();
    assertThat(runs.get()).isEqualTo(1);
  }
}
