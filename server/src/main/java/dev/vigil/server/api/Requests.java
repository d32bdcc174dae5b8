package dev.vigil.server.api;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.Subject;
import dev.vigil.session.Authentication;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Parsing of the request parts several calls share: client, auth, subject, token. */
final class Requests {
  /** Tokens above this size are refused with 400 before any verdict. */
  static final int MAX_TOKEN = 4096;

  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private Requests() {}

  static String token(Fields f) {
    return f.string("token", MAX_TOKEN);
  }

  static ClientContext client(Fields body) {
    return body.optionalObject("client")
        .map(
            c -> {
              c.only("ip", "user_agent");
              Optional<IpAddress> ip =
                  c.optionalString("ip", 64)
                      .map(
                          s ->
                              IpAddress.parse(s)
                                  .orElseThrow(
                                      () ->
                                          c.bad(
                                              "ip",
                                              "must be an IPv4 or IPv6 address, was '" + s + "'")));
              Optional<String> ua = c.optionalString("user_agent", ClientContext.MAX_USER_AGENT);
              ua.ifPresent(
                  s -> {
                    if (s.chars().anyMatch(Character::isISOControl)) {
                      throw c.bad("user_agent", "must not contain control characters");
                    }
                  });
              return new ClientContext(ip, ua);
            })
        .orElse(ClientContext.UNKNOWN);
  }

  static Optional<Authentication> auth(Fields body, Instant now) {
    return body.optionalObject("auth")
        .map(
            a -> {
              a.only("methods", "time", "aal");
              List<String> methods = a.optionalStrings("methods", 16, 32).orElse(List.of("pwd"));
              for (int i = 0; i < methods.size(); i++) {
                if (!Authentication.METHOD.matcher(methods.get(i)).matches()) {
                  throw a.bad(
                      "methods[" + i + "]",
                      "must be 1-32 of a-z 0-9 _ - (RFC 8176 names such as pwd, otp)");
                }
              }
              Instant time = a.optionalInstant("time").orElse(now);
              if (time.isAfter(now.plus(CLOCK_SKEW))) {
                throw a.bad("time", "is in the future");
              }
              int aal = a.optionalInt("aal", 1, 3).orElse(Authentication.impliedAal(methods));
              return new Authentication(methods, time, aal);
            });
  }

  static Subject subject(Fields f, String name) {
    return subject(f.string(name, Subject.MAX_LENGTH), f, name);
  }

  static Subject subject(String text, Fields f, String name) {
    try {
      return new Subject(text);
    } catch (IllegalArgumentException e) {
      throw f.bad(
          name,
          "must be 1-"
              + Subject.MAX_LENGTH
              + " characters without control characters or surrounding spaces");
    }
  }
}
