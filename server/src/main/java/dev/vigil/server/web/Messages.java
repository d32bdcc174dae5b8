package dev.vigil.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * The texts of the web pages, from the one English bundle {@code web/messages.properties} (UTF-8).
 * Every text is a {@link MessageFormat} pattern. Immutable and thread-safe.
 */
public final class Messages {
  private static final String BUNDLE = "/web/messages.properties";

  private final ResourceBundle bundle;

  private Messages(ResourceBundle bundle) {
    this.bundle = bundle;
  }

  /** The English bundle from the class path. */
  public static Messages english() {
    try (InputStream in = Messages.class.getResourceAsStream(BUNDLE)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLE + " is missing from the class path");
      }
      return new Messages(
          new PropertyResourceBundle(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text of {@code key} with {@code args} filled in.
   *
   * @throws IllegalStateException when the bundle has no such key (a bug in a page)
   */
  public String text(String key, Object... args) {
    try {
      return new MessageFormat(bundle.getString(key), Locale.ENGLISH).format(args);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no text '" + key + "' in " + BUNDLE, e);
    }
  }

  /** Whether the bundle has {@code key}. */
  boolean has(String key) {
    return bundle.containsKey(key);
  }

  /** "1 second", "42 seconds": a wait, rounded up to whole seconds, never below one. */
  String seconds(java.time.Duration wait) {
    long s = Math.max(1, (wait.toMillis() + 999) / 1000);
    return text("time.seconds", s);
  }
}
