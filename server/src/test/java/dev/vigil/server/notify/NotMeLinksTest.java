package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.id.EventId;
import dev.vigil.id.SessionId;
import dev.vigil.testkit.MutableClock;
import dev.vigil.token.Keyring;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** "This wasn't me" links: authentic ones read back, and any other spelling is refused. */
class NotMeLinksTest {
  private final SecureRandom random = new SecureRandom();
  private final Keyring ring = Keyring.generate(random, MutableClock.standard().instant());
  private final NotMeLinks links = new NotMeLinks(() -> ring);

  @Test
  void minted_readsBack_withItsClaim() {
    EventId event = EventId.random(random);
    SessionId session = SessionId.random(random);
    Instant at = Instant.parse("2026-11-29T10:00:00Z");
    String link = links.mint(event, session, "user|with|bars", at);
    var claim = links.read(link).orElseThrow();
    assertThat(claim.event()).isEqualTo(event);
    assertThat(claim.session()).isEqualTo(session);
    assertThat(claim.subject()).isEqualTo("user|with|bars");
    assertThat(claim.expiresAt()).isEqualTo(at.plus(NotMeLinks.LIFETIME));
    assertThat(links.mint(event, session, "user|with|bars", at)).isEqualTo(link);
  }

  @Test
  void everyOtherSpelling_isRefused() {
    String link = links.mint(EventId.random(random), SessionId.random(random), "u", Instant.now());
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    int refused = 0;
    for (int i = 0; i < link.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == link.charAt(i)) {
          continue;
        }
        String changed = link.substring(0, i) + c + link.substring(i + 1);
        assertThat(links.read(changed)).as("changed at %d to %s", i, c).isEmpty();
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(link.length() * 60);
    assertThat(links.read(link + "A")).isEmpty();
    assertThat(links.read(link.substring(0, link.length() - 1))).isEmpty();
    assertThat(links.read("")).isEmpty();
    assertThat(links.read("a.b.c")).isEmpty();
  }
}
