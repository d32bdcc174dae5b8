package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.audit.Event;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.incident.Incident;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.StepUpRequirement;
import dev.vigil.session.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes domain values as the contract's JSON, explicitly, field by field, straight to a generator
 * (no intermediate tree: this runs on every verify).
 */
public final class SessionJson {
  private SessionJson() {}

  static void session(JsonGenerator g, Session s, Instant now) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id().value());
    g.writeStringField("subject", s.subject().value());
    strings(g, "roles", s.roles().stream().sorted().toList());
    g.writeStringField("created_at", s.createdAt().toString());
    g.writeStringField("last_seen_at", s.lastSeenAt().toString());
    g.writeStringField("idle_expires_at", s.idleDeadline().toString());
    g.writeStringField("absolute_expires_at", s.absoluteDeadline().toString());
    g.writeStringField("idle_timeout", s.idleTimeout().toString());
    g.writeStringField("absolute_timeout", s.absoluteTimeout().toString());
    g.writeStringField("auth_time", s.auth().time().toString());
    strings(g, "auth_methods", s.auth().methods());
    g.writeNumberField("aal", s.auth().aal());
    g.writeFieldName("client");
    client(g, s.client());
    g.writeBooleanField("bind_to_client", s.boundToClient());
    g.writeStringField("state", s.state(now).name().toLowerCase(Locale.ROOT));
    if (s.revocation().isPresent()) {
      g.writeFieldName("revocation");
      revocation(g, s.revocation().get());
    }
    g.writeEndObject();
  }

  static void issued(JsonGenerator g, String token, Session s, Instant now) throws IOException {
    g.writeStartObject();
    g.writeStringField("token", token);
    g.writeFieldName("session");
    session(g, s, now);
    g.writeEndObject();
  }

  static void client(JsonGenerator g, ClientContext c) throws IOException {
    g.writeStartObject();
    if (c.ip().isPresent()) {
      g.writeStringField("ip", c.ip().map(IpAddress::text).orElseThrow());
    }
    if (c.userAgent().isPresent()) {
      g.writeStringField("user_agent", c.userAgent().get());
    }
    g.writeEndObject();
  }

  static void revocation(JsonGenerator g, Revocation r) throws IOException {
    g.writeStartObject();
    g.writeStringField("cause", r.cause().name());
    g.writeStringField("at", r.at().toString());
    g.writeStringField("by", r.by());
    g.writeEndObject();
  }

  static void verdict(JsonGenerator g, Verdict v, Instant now) throws IOException {
    g.writeStartObject();
    switch (v) {
      case Verdict.Valid ok -> {
        g.writeBooleanField("valid", true);
        g.writeFieldName("session");
        session(g, ok.session(), now);
        if (ok.renewedToken().isPresent()) {
          g.writeStringField("renewed_token", ok.renewedToken().get());
        }
      }
      case Verdict.Invalid bad -> {
        g.writeBooleanField("valid", false);
        g.writeStringField("reason", bad.reason().name());
        g.writeStringField("action", bad.action().wire());
        g.writeStringField("message", bad.message());
        g.writeStringField("incident", bad.incident().value());
        if (bad.sessionId().isPresent()) {
          g.writeStringField("session_id", bad.sessionId().get().value());
        }
        if (bad.revocation().isPresent()) {
          g.writeFieldName("revocation");
          revocation(g, bad.revocation().get());
        }
        if (!bad.missing().isEmpty()) {
          strings(g, "missing", bad.missing());
        }
        if (bad.required().isPresent()) {
          StepUpRequirement r = bad.required().get();
          g.writeObjectFieldStart("required");
          if (r.aal().isPresent()) {
            g.writeNumberField("aal", r.aal().getAsInt());
          }
          if (r.maxAuthAge().isPresent()) {
            g.writeStringField("max_auth_age", r.maxAuthAge().get().toString());
          }
          if (r.authAfter().isPresent()) {
            g.writeStringField("auth_after", r.authAfter().get().toString());
          }
          strings(g, "methods", r.methods());
          g.writeEndObject();
        }
        if (bad.retryAfter().isPresent()) {
          g.writeNumberField("retry_after", bad.retryAfter().get().toSeconds());
        }
      }
    }
    g.writeEndObject();
  }

  /** One event as the contract's JSON (also the line format of {@code vigil events export}). */
  public static void event(JsonGenerator g, Event e) throws IOException {
    event(g, e, Optional.empty());
  }

  /** One event; in an incident its client shows its browser family. */
  private static void event(JsonGenerator g, Event e, Optional<Incident> in) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", e.id().value());
    g.writeStringField("time", e.time().toString());
    g.writeStringField("type", e.type().wire());
    if (e.subject().isPresent()) {
      g.writeStringField("subject", e.subject().get().value());
    }
    if (e.sessionId().isPresent()) {
      g.writeStringField("session_id", e.sessionId().get().value());
    }
    if (e.reason().isPresent()) {
      g.writeStringField("reason", e.reason().get());
    }
    if (e.incident().isPresent()) {
      g.writeStringField("incident", e.incident().get().value());
    }
    if (e.client().ip().isPresent() || e.client().userAgent().isPresent()) {
      g.writeFieldName("client");
      if (in.isPresent()) {
        client(g, e.client(), in.get());
      } else {
        client(g, e.client());
      }
    }
    map(g, "detail", in.map(i -> i.withFamilies(e.detail())).orElse(e.detail()));
    g.writeEndObject();
  }

  static void incident(JsonGenerator g, Incident i) throws IOException {
    Event e = i.event();
    g.writeStartObject();
    g.writeStringField("incident", e.incident().orElseThrow().value());
    g.writeStringField("time", e.time().toString());
    g.writeStringField("reason", i.reason().name());
    g.writeStringField("action", i.action().wire());
    g.writeStringField("message", i.message());
    g.writeStringField("cause", i.cause());
    if (e.subject().isPresent()) {
      g.writeStringField("subject", e.subject().get().value());
    }
    if (e.sessionId().isPresent()) {
      g.writeStringField("session_id", e.sessionId().get().value());
    }
    g.writeFieldName("client");
    client(g, e.client(), i);
    map(g, "evidence", i.withFamilies(e.detail()));
    map(g, "findings", i.withFamilies(i.findings()));
    g.writeArrayFieldStart("timeline");
    for (Event t : i.timeline()) {
      event(g, t, Optional.of(i));
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * A client as shown in an incident: with the browser family of its user agent, if it sent one.
   */
  private static void client(JsonGenerator g, ClientContext c, Incident i) throws IOException {
    g.writeStartObject();
    if (c.ip().isPresent()) {
      g.writeStringField("ip", c.ip().get().text());
    }
    if (c.userAgent().isPresent()) {
      g.writeStringField("user_agent", c.userAgent().get());
      g.writeStringField("family", i.family(c.userAgent().get()).describe());
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String name, Collection<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void map(JsonGenerator g, String name, Map<String, String> values)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : values.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
