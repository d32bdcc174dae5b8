package dev.vigil.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Where the files of a WebJar on the class path are: its version comes from its own POM. */
final class WebJars {
  private WebJars() {}

  /**
   * The class-path folder of WebJar {@code group:artifact}'s files, ending in {@code /}.
   *
   * @throws IllegalStateException if the WebJar is not on the class path
   */
  static String root(String group, String artifact) {
    String pom = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = WebJars.class.getResourceAsStream(pom)) {
      if (in == null) {
        throw new IllegalStateException(
            "the " + artifact + " WebJar is missing from the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return "/META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
