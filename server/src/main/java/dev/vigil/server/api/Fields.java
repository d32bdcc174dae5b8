package dev.vigil.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Typed, checked access to the members of one JSON object. Every failure is an {@link ApiError}
 * with a 400 problem naming the field by its path ({@code client.ip}).
 */
public final class Fields {
  private final JsonNode node;
  private final String path;

  Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Refuses members other than {@code allowed}. */
  public Fields only(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!ok.contains(name)) {
        throw bad(name, "is not a known field; expected one of " + String.join(", ", allowed));
      }
    }
    return this;
  }

  /** A required non-empty string of at most {@code max} characters. */
  public String string(String name, int max) {
    return optionalString(name, max).orElseThrow(() -> bad(name, "is required"));
  }

  /** An optional string of 1 to {@code max} characters. */
  public Optional<String> optionalString(String name, int max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw bad(name, "must be a string");
    }
    String s = v.textValue();
    if (s.isEmpty()) {
      throw bad(name, "must not be empty");
    }
    if (s.indexOf('\u0000') >= 0) {
      // no store keeps it (PostgreSQL refuses it in text), and no name or message needs it
      throw bad(name, "must not contain the NUL character");
    }
    if (s.length() > max) {
      throw bad(name, "must be at most " + max + " characters, was " + s.length());
    }
    return Optional.of(s);
  }

  /** An optional boolean. */
  public Optional<Boolean> optionalBoolean(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw bad(name, "must be true or false");
    }
    return Optional.of(v.booleanValue());
  }

  /** An optional whole number between {@code min} and {@code max}. */
  public OptionalInt optionalInt(String name, int min, int max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw bad(name, "must be a whole number from " + min + " to " + max);
    }
    return OptionalInt.of(v.intValue());
  }

  /**
   * The longest duration any field accepts, 100 years: far beyond every timeout a deployment
   * allows, and small enough that adding it to any accepted time stays within what {@link Instant}
   * and the stores hold.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  /**
   * The earliest time a field accepts: nothing Vigil is told about happened before the Unix epoch,
   * and the stores keep times as nanoseconds since it.
   */
  public static final Instant EARLIEST = Instant.EPOCH;

  /** The latest time a field accepts, far beyond any session and within what the stores hold. */
  public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  /** An optional ISO-8601 duration such as {@code PT30M}, positive and at most 100 years. */
  public Optional<Duration> optionalDuration(String name) {
    return optionalString(name, 64)
        .map(
            s -> {
              Duration d;
              try {
                d = Duration.parse(s);
              } catch (DateTimeParseException | ArithmeticException e) {
                throw bad(name, "must be an ISO-8601 duration such as PT30M, was '" + s + "'");
              }
              if (d.isNegative() || d.isZero()) {
                throw bad(name, "must be a positive duration");
              }
              if (d.compareTo(MAX_DURATION) > 0) {
                throw bad(name, "must be at most " + MAX_DURATION + " (100 years), was " + s);
              }
              return d;
            });
  }

  /**
   * An optional RFC 3339 time such as {@code 2026-11-29T10:00:00Z}, from {@link #EARLIEST} to
   * {@link #LATEST}.
   */
  public Optional<Instant> optionalInstant(String name) {
    return optionalString(name, 64)
        .map(
            s -> {
              Instant t;
              try {
                t = Instant.parse(s);
              } catch (DateTimeParseException e) {
                throw bad(
                    name,
                    "must be an RFC 3339 UTC time such as 2026-11-29T10:00:00Z, was '" + s + "'");
              }
              if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw bad(name, "must be between " + EARLIEST + " and " + LATEST + ", was " + s);
              }
              return t;
            });
  }

  /**
   * An optional array of distinct strings, each of 1 to {@code max} characters; at most {@code
   * count}.
   */
  public Optional<List<String>> optionalStrings(String name, int count, int max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw bad(name, "must be an array of strings");
    }
    if (v.size() > count) {
      throw bad(name, "must have at most " + count + " items, had " + v.size());
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()
          || item.textValue().isEmpty()
          || item.textValue().length() > max
          || item.textValue().indexOf('\u0000') >= 0) {
        throw bad(name + "[" + i + "]", "must be a string of 1-" + max + " characters");
      }
      out.add(item.textValue());
    }
    return Optional.of(new ArrayList<>(out));
  }

  /** Optional role names in the form {@link Session#ROLE}. */
  public Optional<Set<String>> optionalRoles(String name) {
    return optionalStrings(name, Session.MAX_ROLES, 64)
        .map(
            roles -> {
              for (int i = 0; i < roles.size(); i++) {
                if (!Session.ROLE.matcher(roles.get(i)).matches()) {
                  throw bad(name + "[" + i + "]", "must be 1-64 of A-Z a-z 0-9 : . _ / -");
                }
              }
              return Set.copyOf(roles);
            });
  }

  /** An optional nested object. */
  public Optional<Fields> optionalObject(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw bad(name, "must be an object");
    }
    return Optional.of(new Fields(v, qualified(name)));
  }

  /** A 400 for {@code name}: "{path} {what}". */
  public ApiError bad(String name, String what) {
    String field = qualified(name);
    return new ApiError(Problem.badField(field, field + " " + what + "."));
  }

  private String qualified(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
