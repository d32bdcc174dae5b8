package dev.vigil.server.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint for webhook tests: records every request (headers and body) and answers 500
 * to the first {@code failFirst} requests, 204 after; {@link #hold()} makes it hang until released.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received. */
  public record Delivery(String id, String timestamp, String signature, String body) {}

  private final HttpServer server;
  private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
  private final List<Delivery> refused = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst;
  private final AtomicInteger arrived = new AtomicInteger();
  private volatile CountDownLatch hold = new CountDownLatch(0);

  public WebhookReceiver(int port, int failFirst) {
    this.failFirst = new AtomicInteger(failFirst);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/hook",
        exchange -> {
          arrived.incrementAndGet();
          try {
            hold.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          var h = exchange.getRequestHeaders();
          Delivery d =
              new Delivery(
                  h.getFirst("webhook-id"),
                  h.getFirst("webhook-timestamp"),
                  h.getFirst("webhook-signature"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          boolean fail = this.failFirst.getAndDecrement() > 0;
          (fail ? refused : accepted).add(d);
          try {
            exchange.sendResponseHeaders(fail ? 500 : 204, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests that arrived, answered or still held. */
  public int arrived() {
    return arrived.get();
  }

  public List<Delivery> accepted() {
    return List.copyOf(accepted);
  }

  public List<Delivery> refused() {
    return List.copyOf(refused);
  }

  /** Makes every request hang until {@link #release()}. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  public void release() {
    hold.countDown();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
