package dev.vigil.server.notify;

import dev.vigil.audit.Reports;
import dev.vigil.id.Subject;
import dev.vigil.notice.SingleUseLinks;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.SessionService;
import dev.vigil.session.StepUpMarkCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a "this wasn't me" link does: once, before it expires, it ends the session the new-device
 * mail was about (cause THEFT_SUSPECTED), files a {@code not_me} report linked to that session, and
 * marks the subject ({@link dev.vigil.session.StepUpMarks}) for the longest session lifetime: from
 * then on its sessions answer STEP_UP_REQUIRED unless they signed in after the report with a second
 * factor, so whoever else holds a session of the account cannot go on with it.
 */
public final class NotMe {
  private final NotMeLinks links;
  private final SingleUseLinks used;
  private final SessionService sessions;
  private final Reports reports;
  private final StepUpMarkCache marks;
  private final Duration markFor;
  private final Clock clock;

  public NotMe(
      NotMeLinks links,
      SingleUseLinks used,
      SessionService sessions,
      Reports reports,
      StepUpMarkCache marks,
      Duration markFor,
      Clock clock) {
    this.links = links;
    this.used = used;
    this.sessions = sessions;
    this.reports = reports;
    this.marks = marks;
    this.markFor = markFor;
    this.clock = clock;
  }

  /** The outcome of presenting a link. */
  public sealed interface Outcome {
    /** The link is good and has not been used (answer to a look). */
    record Valid(NotMeLinks.Claim claim) implements Outcome {}

    /** The link was used now: the session is ended. */
    record Ended(NotMeLinks.Claim claim, boolean wasLive) implements Outcome {}

    /** Not a link Vigil made, or altered. */
    record Invalid() implements Outcome {}

    /** Past its expiry. */
    record Expired(Instant at) implements Outcome {}

    /** Used before. */
    record Used() implements Outcome {}
  }

  /** Checks a link without using it (for the confirmation page). */
  public Outcome look(String token) {
    Optional<NotMeLinks.Claim> claim = links.read(token);
    if (claim.isEmpty()) {
      return new Outcome.Invalid();
    }
    if (!claim.get().expiresAt().isAfter(clock.instant())) {
      return new Outcome.Expired(claim.get().expiresAt());
    }
    if (used.linkUsed(claim.get().event().value())) {
      return new Outcome.Used();
    }
    return new Outcome.Valid(claim.get());
  }

  /** Uses a link: ends its session, files the report, requires step-up. */
  public Outcome use(String token) {
    Outcome looked = look(token);
    if (!(looked instanceof Outcome.Valid valid)) {
      return looked;
    }
    NotMeLinks.Claim c = valid.claim();
    if (!used.useLink(c.event().value(), clock.instant())) {
      return new Outcome.Used();
    }
    boolean live = sessions.find(c.session()).map(s -> s.revocation().isEmpty()).orElse(false);
    sessions.revoke(c.session(), RevocationCause.THEFT_SUSPECTED, "account holder (not-me link)");
    Subject subject = new Subject(c.subject());
    Instant now = clock.instant();
    marks.mark(subject, now, now.plus(markFor));
    reports.file(
        Optional.of(subject),
        Optional.of(c.session()),
        Optional.empty(),
        "not_me",
        "The account holder said the sign-in of this session was not theirs, using the link in"
            + " the new-device e-mail about event "
            + c.event()
            + ". The session was ended; every session of the subject must now show a sign-in with"
            + " a second factor made after "
            + now
            + ".");
    return new Outcome.Ended(c, live);
  }
}
