package dev.vigil.server.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One raw HTTP/1.1 connection over {@link Socket}, for what {@code java.net.http} will not send:
 * oversized headers, bodies dribbled byte by byte, connections held open and silent. Every read has
 * a timeout, so a server that hangs fails the test instead of hanging it.
 */
public final class RawHttp implements AutoCloseable {
  /** An answer: the status, the headers by lower-case name, and the body as text. */
  record Answer(int status, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** A connection to {@code 127.0.0.1:port} whose reads give up after {@code readTimeout}. */
  public static RawHttp open(int port, Duration readTimeout) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout((int) readTimeout.toMillis());
    return new RawHttp(s);
  }

  /** Reads from now on give up after {@code readTimeout}. */
  RawHttp timeout(Duration readTimeout) throws IOException {
    socket.setSoTimeout((int) readTimeout.toMillis());
    return this;
  }

  /** Sends {@code text} as ISO-8859-1 bytes. */
  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code bytes}. */
  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /**
   * Reads one answer, with a body of its {@code Content-Length}.
   *
   * @throws IOException if the connection ends or the read times out first
   */
  Answer read() throws IOException {
    String statusLine = line();
    if (statusLine.isEmpty()) {
      throw new IOException("the connection ended without an answer");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Whether the server ended the connection: reads and drops whatever it still sends (an answer,
   * perhaps) until the end, within the read timeout.
   *
   * @return false if the connection is still open when the read timeout passes
   */
  public boolean endedByServer() {
    try {
      while (in.read() >= 0) {
        // an answer written before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  /**
   * Sends {@code text} as ISO-8859-1, a byte each {@code every}, on a virtual thread of its own,
   * until it is all sent, the connection fails (the server closed it) or the thread is interrupted.
   */
  public Thread dribble(String text, Duration every) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                for (byte b : bytes) {
                  send(new byte[] {b});
                  Thread.sleep(every);
                }
              } catch (IOException | InterruptedException e) {
                // the server closed the connection, or the test is done with it
              }
            });
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
