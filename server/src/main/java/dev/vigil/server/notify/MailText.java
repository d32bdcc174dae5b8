package dev.vigil.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.id.EventId;
import dev.vigil.id.SessionId;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The subject and plain-text body of a notice mail, written for the person who reads it. */
record MailText(String subject, String body) {
  private static final String SIGNATURE =
      "\n\n-- \nSent by Vigil, which keeps your sign-ins safe.\n";

  /** The mail to the account holder. */
  static MailText forUser(JsonNode notice, NotMeLinks links, String publicUrl) {
    JsonNode data = notice.path("data");
    String when = notice.path("timestamp").asText();
    String from = from(data);
    return switch (notice.path("type").asText()) {
      case Notices.THEFT_SUSPECTED ->
          new MailText(
              "We ended a session to protect your account",
              "At "
                  + when
                  + " an old copy of one of your sign-in tokens was used again"
                  + from
                  + ", after it had already been replaced. That usually means somebody copied it."
                  + " We ended that session straight away, so whoever holds the copy is signed"
                  + " out, and you will need to sign in again on that device.\n\n"
                  + "If you don't recognise this, change your password and turn on two-step"
                  + " sign-in."
                  + SIGNATURE);
      case Notices.NEW_DEVICE -> newDevice(notice, data, when, from, links, publicUrl);
      case "user.sessions_ended" ->
          new MailText(
              "All your sessions were ended",
              "At "
                  + when
                  + " all your sessions ("
                  + data.path("detail").path("sessions").asText("?")
                  + ") were ended, so you are signed out everywhere. Sign in again to carry on.\n\n"
                  + "If you did not ask for this, your administrator did; contact them if you"
                  + " are unsure why."
                  + SIGNATURE);
      case "user.password_changed" ->
          new MailText(
              "Your password was changed",
              "Your password was changed at "
                  + when
                  + from
                  + ". Your other sessions were ended.\n\n"
                  + "If this wasn't you, contact your administrator at once: somebody else may"
                  + " know your password."
                  + SIGNATURE);
      case "auth.mfa_enrolled" ->
          new MailText(
              "Two-step sign-in was turned on",
              "An authenticator app was added to your account at "
                  + when
                  + from
                  + ": from now on, signing in asks for its code as well as your password.\n\n"
                  + "If this wasn't you, somebody who knows your password changed your account:"
                  + " contact your administrator at once."
                  + SIGNATURE);
      case "auth.mfa_removed", "auth.mfa_reset" ->
          new MailText(
              "Two-step sign-in was turned off",
              "The authenticator app of your account was removed at "
                  + when
                  + from
                  + (notice.path("type").asText().equals("auth.mfa_reset")
                      ? ", by an administrator"
                      : "")
                  + ": signing in now needs only your password.\n\n"
                  + "If you did not ask for this, contact your administrator at once and turn"
                  + " two-step sign-in on again."
                  + SIGNATURE);
      case "auth.recovery_code_used" ->
          new MailText(
              "A recovery code was used",
              "One of your recovery codes was used to sign in at "
                  + when
                  + from
                  + ". It cannot be used again; "
                  + data.path("detail").path("codes_left").asText("some")
                  + " are left.\n\n"
                  + "If this wasn't you, somebody has your password and a recovery code: change"
                  + " your password and contact your administrator."
                  + SIGNATURE);
      case "auth.throttled" ->
          new MailText(
              "Sign-ins to your account are being slowed down",
              "At "
                  + when
                  + " your account had "
                  + data.path("detail").path("failures").asText("several")
                  + " failed sign-ins in a row"
                  + from
                  + (data.path("reason").asText().equals("HARD_STOP")
                      ? ". To protect it, no more sign-ins are accepted until an administrator"
                          + " resets your password."
                      : ". To protect it, each further attempt now has to wait a little longer"
                          + " than the one before.")
                  + "\n\nIf this wasn't you, somebody may be trying to guess your password."
                  + " A long, unique password keeps them out; two-step sign-in even more so."
                  + SIGNATURE);
      default ->
          new MailText(
              "Account notice",
              "Something happened on your account at " + when + from + "." + SIGNATURE);
    };
  }

  private static MailText newDevice(
      JsonNode notice,
      JsonNode data,
      String when,
      String from,
      NotMeLinks links,
      String publicUrl) {
    String link =
        links.mint(
            new EventId(data.path("event_id").asText()),
            new SessionId(data.path("session_id").asText()),
            data.path("subject").asText(),
            Instant.parse(notice.path("timestamp").asText()));
    String device = data.path("detail").path("device_name").asText("a new device");
    return new MailText(
        "New sign-in to your account",
        "Your account was signed in at "
            + when
            + from
            + ", on "
            + device
            + ", which we have not seen you use before.\n\n"
            + "If this was you, there is nothing to do.\n\n"
            + "If this wasn't you, open this link: it ends that session at once and asks for"
            + " your second factor at your next sign-in. It works once, for "
            + NotMeLinks.LIFETIME.toDays()
            + " days:\n"
            + publicUrl
            + "/notice/not-me?t="
            + link
            + SIGNATURE);
  }

  /** The alert to operators. */
  static MailText forOperators(JsonNode notice) {
    JsonNode data = notice.path("data");
    Map<String, String> detail = new TreeMap<>();
    data.path("detail").properties().forEach(e -> detail.put(e.getKey(), e.getValue().asText()));
    StringBuilder body = new StringBuilder();
    body.append(detail.getOrDefault("summary", notice.path("type").asText())).append("\n\n");
    body.append("time: ").append(notice.path("timestamp").asText()).append('\n');
    body.append("event: ").append(data.path("event_id").asText()).append('\n');
    for (String f : new String[] {"subject", "session_id", "reason", "incident"}) {
      if (data.has(f)) {
        body.append(f).append(": ").append(data.path(f).asText()).append('\n');
      }
    }
    if (data.has("client")) {
      body.append("client:").append(from(data)).append('\n');
    }
    detail.forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
    String rule = detail.getOrDefault("rule", notice.path("type").asText());
    return new MailText(
        "[Vigil] " + rule + ": " + detail.getOrDefault("summary", ""), body.toString());
  }

  private static String from(JsonNode data) {
    JsonNode client = data.path("client");
    StringBuilder s = new StringBuilder();
    if (client.has("ip")) {
      s.append(" from ").append(client.path("ip").asText());
    }
    if (client.has("user_agent")) {
      s.append(" (").append(client.path("user_agent").asText()).append(')');
    }
    return s.toString();
  }
}
