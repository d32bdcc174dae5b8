package dev.vigil.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventFeed;
import dev.vigil.id.UserId;
import dev.vigil.notice.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notices from the event log, off every request path. One thread follows the log: for each
 * new event it queues a message per interested webhook endpoint and mail recipient in the outbox,
 * and moves its cursor past the event in the same transaction, so after a crash it neither skips
 * nor doubles a message. The same thread hands due messages to virtual threads that send them with
 * timeouts; a failure is retried after a growing wait and given up after {@link
 * NoticeSettings#maxAttempts()}.
 *
 * <p>Every destination has its own lane, so a slow or failing one never delays another: mail to
 * account holders (security notices) and mail to operators each have their own slots, each webhook
 * endpoint at most {@value #PER_ENDPOINT} deliveries under way of the {@value #PARALLEL} webhooks
 * share, and the outbox is read fairly, at most {@value #PER_CHANNEL} due messages per destination
 * at a time. A message is marked delivered only once the receiver acknowledged it, so delivery is
 * at least once, with a stable id ({@code webhook-id}, mail {@code Message-ID}) receivers can use
 * to drop a repeat.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CURSOR = "notices";
  private static final int BATCH = 500;
  private static final int PARALLEL = 16;
  private static final int PER_ENDPOINT = 4;
  private static final int PER_CHANNEL = 50;
  private static final int MAIL_SLOTS = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final EventFeed log;
  private final Outbox outbox;
  private final Webhooks webhooks;
  private final UserStore users;
  private final NotMeLinks links;
  private final NoticeSettings settings;
  private final Optional<Mailer> mailer;
  private final Supplier<String> publicUrl;
  private final Clock clock;

  /** Made on the first webhook delivery: making it sets TLS up, a tenth of start-up. */
  private HttpClient http;

  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore webhookSlots = new Semaphore(PARALLEL);
  private final Map<String, Semaphore> lanes = new ConcurrentHashMap<>();
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final Counter delivered;
  private final Counter failedAttempts;
  private final Counter givenUp;
  private final AtomicLong backlog = new AtomicLong();
  private volatile dev.vigil.server.beat.Beat beat;

  public Notifier(
      EventFeed log,
      Outbox outbox,
      Webhooks webhooks,
      UserStore users,
      NotMeLinks links,
      NoticeSettings settings,
      Supplier<String> publicUrl,
      Clock clock,
      MeterRegistry registry) {
    this.log = log;
    this.outbox = outbox;
    this.webhooks = webhooks;
    this.users = users;
    this.links = links;
    this.settings = settings;
    this.mailer = settings.smtp().map(Mailer::new);
    this.publicUrl = publicUrl;
    this.clock = clock;
    this.delivered =
        Counter.builder("vigil.notices.delivered")
            .description("Notices delivered (webhooks and mail)")
            .register(registry);
    this.failedAttempts =
        Counter.builder("vigil.webhook.failures")
            .description("Failed delivery attempts (webhooks and mail); each is retried")
            .register(registry);
    this.givenUp =
        Counter.builder("vigil.notices.given.up")
            .description("Notices given up after the last attempt")
            .register(registry);
    Gauge.builder("vigil.outbox.backlog", backlog, AtomicLong::get)
        .description("Notices waiting in the outbox")
        .register(registry);
  }

  /**
   * Starts following the log. On the first start ever, the cursor is set to the end of the log:
   * events from before notices existed are not sent.
   */
  public void start() {
    start(() -> true);
  }

  /**
   * Starts following the log, doing the work only while {@code leading} says so (this node holds
   * the notifier's lease): with several nodes on one store, each notice is queued and sent by one.
   */
  public void start(java.util.function.BooleanSupplier leading) {
    outbox.initCursor(CURSOR, log.lastSeq());
    beat =
        new dev.vigil.server.beat.Beat(
            "vigil-notifier",
            Duration.ofSeconds(1),
            () -> {
              if (leading.getAsBoolean()) {
                tick();
              }
            });
  }

  /** Makes the notifier look for new events now rather than at its next beat. */
  public void wake() {
    dev.vigil.server.beat.Beat b = beat;
    if (b != null) {
      b.wake();
    }
  }

  /** One beat: queue what the log holds, then send what is due. */
  private void tick() {
    while (dispatch() == BATCH) {
      // more events waiting: keep queueing before sending
    }
    deliverDue();
    backlog.set(outbox.backlog().pending());
  }

  /** Queues the messages of the events after the cursor; returns how many events it read. */
  int dispatch() {
    long from = outbox.cursor(CURSOR);
    List<Outbox.Endpoint> endpoints = webhooks.list();
    if (endpoints.isEmpty() && mailer.isEmpty()) {
      // nobody to tell: skip ahead without reading (an endpoint added later starts from then)
      long last = log.lastSeq();
      if (last > from) {
        outbox.moveCursor(CURSOR, last, clock.instant());
      }
      return 0;
    }
    List<EventFeed.Sequenced> events = log.after(from, BATCH);
    if (events.isEmpty()) {
      return 0;
    }
    List<Outbox.Enqueue> messages = new ArrayList<>();
    for (EventFeed.Sequenced s : events) {
      messages.addAll(messagesFor(s.event(), endpoints));
    }
    outbox.enqueue(CURSOR, events.getLast().seq(), messages, clock.instant());
    return events.size();
  }

  private List<Outbox.Enqueue> messagesFor(Event e, List<Outbox.Endpoint> endpoints) {
    Optional<String> type = Notices.type(e);
    if (type.isEmpty()) {
      return List.of();
    }
    String body = Notices.body(type.get(), e);
    String id = e.id().value();
    List<Outbox.Enqueue> out = new ArrayList<>();
    for (Outbox.Endpoint endpoint : endpoints) {
      if (endpoint.wants(type.get())) {
        out.add(new Outbox.Enqueue("webhook:" + endpoint.id(), id, endpoint.url(), body));
      }
    }
    if (mailer.isPresent()) {
      if (Notices.mailsUser(type.get(), e)) {
        emailOf(e).ifPresent(to -> out.add(new Outbox.Enqueue("email:user", id, to, body)));
      }
      if (Notices.mailsOperators(type.get()) && settings.alertEmail().isPresent()) {
        out.add(new Outbox.Enqueue("email:ops", id, settings.alertEmail().get(), body));
      }
    }
    return out;
  }

  /** The address of the account behind the event's subject, when it is a Vigil account. */
  private Optional<String> emailOf(Event e) {
    return e.subject()
        .flatMap(s -> UserId.parse(s.value()))
        .flatMap(users::find)
        .filter(User::enabled)
        .flatMap(User::email);
  }

  private void deliverDue() {
    List<Outbox.Message> due = outbox.due(clock.instant(), PER_CHANNEL, 400);
    if (due.isEmpty()) {
      return;
    }
    Map<String, Outbox.Endpoint> endpoints = new java.util.HashMap<>();
    webhooks.list().forEach(e -> endpoints.put("webhook:" + e.id(), e));
    for (Outbox.Message m : due) {
      if (!inFlight.add(m.seq())) {
        continue;
      }
      boolean webhook = m.channel().startsWith("webhook:");
      Semaphore lane =
          lanes.computeIfAbsent(
              m.channel(), c -> new Semaphore(webhook ? PER_ENDPOINT : MAIL_SLOTS));
      if (!lane.tryAcquire()) {
        inFlight.remove(m.seq());
        continue; // this destination is busy; the others go on
      }
      if (webhook && !webhookSlots.tryAcquire()) {
        lane.release();
        inFlight.remove(m.seq());
        continue;
      }
      senders.execute(
          () -> {
            try {
              deliver(m, Optional.ofNullable(endpoints.get(m.channel())));
            } finally {
              inFlight.remove(m.seq());
              lane.release();
              if (webhook) {
                webhookSlots.release();
              }
            }
          });
    }
  }

  /** Sends {@code m}; {@code endpoint} is its webhook endpoint, if it is a webhook and exists. */
  private void deliver(Outbox.Message m, Optional<Outbox.Endpoint> endpoint) {
    int attempt = m.attempts() + 1;
    Optional<String> error;
    try {
      error = m.channel().startsWith("webhook:") ? postWebhook(m, endpoint) : sendMail(m);
    } catch (RuntimeException e) {
      error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    Instant now = clock.instant();
    try {
      if (error.isEmpty()) {
        outbox.delivered(m.seq(), attempt, now);
        delivered.increment();
        return;
      }
      failedAttempts.increment();
      boolean last = attempt >= settings.maxAttempts();
      outbox.attemptFailed(
          m.seq(),
          attempt,
          last ? Optional.empty() : Optional.of(now.plus(settings.backoff(attempt))),
          error.get(),
          now);
      if (last) {
        givenUp.increment();
        LOG.warn(
            "gave up notice {} to {} after {} attempts: {}",
            m.eventId(),
            m.channel(),
            attempt,
            error.get());
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot record the outcome of notice {}: {}", m.eventId(), e.getMessage());
    }
  }

  private Optional<String> postWebhook(Outbox.Message m, Optional<Outbox.Endpoint> endpoint) {
    if (endpoint.isEmpty()) {
      return Optional.of("endpoint removed");
    }
    long timestamp = clock.instant().getEpochSecond();
    String signature =
        StandardWebhooks.sign(webhooks.key(endpoint.get()), m.eventId(), timestamp, m.payload());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(m.recipient()))
            .timeout(TIMEOUT)
            .header("content-type", "application/json")
            .header("user-agent", "Vigil-Webhooks/1")
            .header("webhook-id", m.eventId())
            .header("webhook-timestamp", Long.toString(timestamp))
            .header("webhook-signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(m.payload()))
            .build();
    try {
      HttpResponse<Void> r = http().send(request, HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2
          ? Optional.empty()
          : Optional.of("answered HTTP " + r.statusCode());
    } catch (IOException e) {
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private Optional<String> sendMail(Outbox.Message m) {
    if (mailer.isEmpty()) {
      return Optional.of("e-mail is not configured (smtp_host is empty)");
    }
    JsonNode notice;
    try {
      notice = JSON.readTree(m.payload());
    } catch (IOException e) {
      return Optional.of("unreadable payload");
    }
    MailText text =
        m.channel().equals("email:ops")
            ? MailText.forOperators(notice)
            : MailText.forUser(notice, links, publicUrl.get());
    try {
      mailer
          .get()
          .send(m.recipient(), text.subject(), text.body(), m.eventId() + "." + m.channel());
      return Optional.empty();
    } catch (jakarta.mail.MessagingException e) {
      return Optional.of("SMTP: " + e.getMessage());
    }
  }

  /** How many messages are waiting, as of the last tick. */
  public long backlog() {
    return backlog.get();
  }

  @Override
  public void close() {
    if (beat != null) {
      beat.close();
    }
    senders.shutdownNow();
    synchronized (this) {
      if (http != null) {
        http.close();
      }
    }
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(senders)
              .build();
    }
    return http;
  }
}
