package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.SignInBlocks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of sign-in blocks must do: a block holds until it ends, the latest end wins. */
public abstract class SignInBlocksContract {
  protected final MutableClock clock = MutableClock.standard();
  private SignInBlocks blocks;

  protected abstract SignInBlocks newBlocks() throws Exception;

  @BeforeEach
  void open() throws Exception {
    blocks = newBlocks();
  }

  private Instant in(int seconds) {
    return clock.instant().plusSeconds(seconds);
  }

  @Test
  void aBlock_holdsUntilItEnds_forItsAddressOnly() {
    blocks.block("203.0.113.7", in(60));
    assertThat(blocks.blockedUntil("203.0.113.7", clock.instant())).contains(in(60));
    assertThat(blocks.blockedUntil("203.0.113.8", clock.instant())).isEmpty();
    clock.advance(Duration.ofSeconds(59));
    assertThat(blocks.blockedUntil("203.0.113.7", clock.instant())).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(blocks.blockedUntil("203.0.113.7", clock.instant())).as("ended").isEmpty();
  }

  @Test
  void aShorterBlock_neverCutsALongerOneShort() {
    Instant now = clock.instant();
    blocks.block("2001:db8::1", in(600));
    blocks.block("2001:db8::1", in(60));
    assertThat(blocks.blockedUntil("2001:db8::1", now)).contains(in(600));
    blocks.block("2001:db8::1", in(900));
    assertThat(blocks.blockedUntil("2001:db8::1", now)).contains(in(900));
  }

  @Test
  void blocksWrittenAtOnce_keepTheLatestEnd() throws Exception {
    Instant now = clock.instant();
    List<Boolean> done =
        Races.race(
            16,
            i -> {
              blocks.block("198.51.100.1", now.plusSeconds(60 + i));
              return true;
            });
    assertThat(done).hasSize(16);
    assertThat(blocks.blockedUntil("198.51.100.1", now)).contains(now.plusSeconds(75));
  }

  @Test
  void endedBlocks_areForgotten_andOnlyThose() {
    blocks.block("192.0.2.1", in(10));
    blocks.block("192.0.2.2", in(100));
    clock.advance(Duration.ofSeconds(10));
    assertThat(blocks.forgetEnded(clock.instant())).isEqualTo(1);
    assertThat(blocks.blockedUntil("192.0.2.2", clock.instant())).isPresent();
    assertThat(blocks.forgetEnded(clock.instant())).isZero();
  }

  /**
   * The SQL stores under test forget three addresses a write (2,000 in production): seven ended
   * blocks among ones in force take several writes.
   */
  @Test
  void forgetEnded_inSeveralWrites_forgetsEveryEndedBlock_andKeepsTheRest() {
    for (int i = 0; i < 7; i++) {
      blocks.block("192.0.2." + (10 + i), in(10));
      blocks.block("198.51.100." + (10 + i), in(100));
    }
    clock.advance(Duration.ofSeconds(10));

    assertThat(blocks.forgetEnded(clock.instant())).isEqualTo(7);
    assertThat(blocks.forgetEnded(clock.instant())).isZero();
    for (int i = 0; i < 7; i++) {
      assertThat(blocks.blockedUntil("198.51.100." + (10 + i), clock.instant())).isPresent();
    }
  }
}
