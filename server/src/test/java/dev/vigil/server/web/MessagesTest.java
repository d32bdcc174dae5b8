package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The message bundle: every text survives MessageFormat as written. */
class MessagesTest {
  /** A single quote not doubled: MessageFormat would drop it ("wasn't" becomes "wasnt"). */
  private static final Pattern LONE_QUOTE = Pattern.compile("(?<!')'(?!')");

  @Test
  void everyText_writesItsApostrophesDoubled_soThatNoneIsLost() throws Exception {
    Properties bundle = new Properties();
    try (InputStream in = Messages.class.getResourceAsStream("/web/messages.properties")) {
      bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    assertThat(bundle.stringPropertyNames())
        .filteredOn(key -> LONE_QUOTE.matcher(bundle.getProperty(key)).find())
        .isEmpty();
    assertThat(Messages.english().text("notMe.title")).isEqualTo("Wasn't you?");
  }
}
