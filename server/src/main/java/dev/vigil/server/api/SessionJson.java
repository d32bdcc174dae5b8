package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.audit.Event;
import dev.vigil.audit.Incident;
import dev.vigil.session.ClientContext;
import dev.vigil.session.IpAddress;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.Verdict;
import java.time.Instant;
import java.util.Locale;

/** Writes domain values as the contract's JSON, explicitly, field by field. */
final class SessionJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SessionJson() {}

  static ObjectNode session(Session s, Instant now) {
    ObjectNode n = F.objectNode();
    n.put("id", s.id().value());
    n.put("subject", s.subject().value());
    s.roles().stream().sorted().forEach(n.putArray("roles")::add);
    n.put("created_at", s.createdAt().toString());
    n.put("last_seen_at", s.lastSeenAt().toString());
    n.put("idle_expires_at", s.idleDeadline().toString());
    n.put("absolute_expires_at", s.absoluteDeadline().toString());
    n.put("idle_timeout", s.idleTimeout().toString());
    n.put("absolute_timeout", s.absoluteTimeout().toString());
    n.put("auth_time", s.auth().time().toString());
    s.auth().methods().forEach(n.putArray("auth_methods")::add);
    n.put("aal", s.auth().aal());
    n.set("client", client(s.client()));
    n.put("bind_to_client", s.boundToClient());
    n.put("state", s.state(now).name().toLowerCase(Locale.ROOT));
    s.revocation().ifPresent(r -> n.set("revocation", revocation(r)));
    return n;
  }

  static ObjectNode client(ClientContext c) {
    ObjectNode n = F.objectNode();
    c.ip().map(IpAddress::text).ifPresent(ip -> n.put("ip", ip));
    c.userAgent().ifPresent(ua -> n.put("user_agent", ua));
    return n;
  }

  static ObjectNode revocation(Revocation r) {
    ObjectNode n = F.objectNode();
    n.put("cause", r.cause().name());
    n.put("at", r.at().toString());
    n.put("by", r.by());
    return n;
  }

  static ObjectNode verdict(Verdict v, Instant now) {
    ObjectNode n = F.objectNode();
    switch (v) {
      case Verdict.Valid ok -> {
        n.put("valid", true);
        n.set("session", session(ok.session(), now));
        ok.renewedToken().ifPresent(t -> n.put("renewed_token", t));
      }
      case Verdict.Invalid bad -> {
        n.put("valid", false);
        n.put("reason", bad.reason().name());
        n.put("action", bad.action().wire());
        n.put("message", bad.message());
        n.put("incident", bad.incident().value());
        bad.sessionId().ifPresent(id -> n.put("session_id", id.value()));
        bad.revocation().ifPresent(r -> n.set("revocation", revocation(r)));
        if (!bad.missing().isEmpty()) {
          bad.missing().forEach(n.putArray("missing")::add);
        }
        bad.retryAfter().ifPresent(d -> n.put("retry_after", d.toSeconds()));
      }
    }
    return n;
  }

  static ObjectNode event(Event e) {
    ObjectNode n = F.objectNode();
    n.put("id", e.id().value());
    n.put("time", e.time().toString());
    n.put("type", e.type().wire());
    e.subject().ifPresent(s -> n.put("subject", s.value()));
    e.sessionId().ifPresent(s -> n.put("session_id", s.value()));
    e.reason().ifPresent(r -> n.put("reason", r));
    e.incident().ifPresent(i -> n.put("incident", i.value()));
    if (e.client().ip().isPresent() || e.client().userAgent().isPresent()) {
      n.set("client", client(e.client()));
    }
    ObjectNode d = n.putObject("detail");
    e.detail().forEach(d::put);
    return n;
  }

  static ObjectNode incident(Incident i) {
    ObjectNode n = F.objectNode();
    Event e = i.event();
    n.put("incident", e.incident().orElseThrow().value());
    n.put("time", e.time().toString());
    n.put("reason", i.reason().name());
    n.put("action", i.action().wire());
    n.put("message", i.message());
    n.put("cause", i.cause());
    e.subject().ifPresent(s -> n.put("subject", s.value()));
    e.sessionId().ifPresent(s -> n.put("session_id", s.value()));
    n.set("client", client(e.client()));
    ObjectNode evidence = n.putObject("evidence");
    e.detail().forEach(evidence::put);
    i.timeline().forEach(t -> n.withArray("timeline").add(event(t)));
    if (i.timeline().isEmpty()) {
      n.putArray("timeline");
    }
    return n;
  }
}
