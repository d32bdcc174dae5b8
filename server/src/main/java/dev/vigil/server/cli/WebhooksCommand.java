package dev.vigil.server.cli;

import dev.vigil.account.SecretBox;
import dev.vigil.notice.Outbox;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.notify.Webhooks;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil webhooks add|list|remove}: the same endpoints as {@code /v1/webhooks}. */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    description = "Manage webhook endpoints (Standard Webhooks signatures).",
    subcommands = {
      WebhooksCommand.Add.class,
      WebhooksCommand.ListEndpoints.class,
      WebhooksCommand.Remove.class
    })
final class WebhooksCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static Webhooks webhooks(DataDirectory data) {
    return new Webhooks(data.outbox(), new SecretBox(data.keyring()), Clock.systemUTC());
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add an endpoint. Prints its id and signing secret; the secret is shown only once.")
  static final class Add implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "URL", description = "http or https URL to POST to")
    String url;

    @CommandLine.Option(
        names = "--events",
        split = ",",
        description = "notice types to send (default: all), e.g. session.revoked,anomaly.detected")
    List<String> events = List.of();

    @CommandLine.Option(
        names = "--secret",
        description = "a whsec_ secret to use instead of a fresh one")
    Optional<String> secret = Optional.empty();

    @Override
    public Integer call() {
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        Webhooks.Added added;
        try {
          added = webhooks(data).add(url, Set.copyOf(events), secret);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(e.getMessage());
        }
        spec.commandLine().getOut().println(added.endpoint().id() + " " + added.secret());
        spec.commandLine()
            .getErr()
            .printf(
                "added %s for %s; running servers deliver to it from the next event%n",
                added.endpoint().id(),
                added.endpoint().events().isEmpty() ? "every notice" : added.endpoint().events());
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List endpoints (never their secrets) with their undelivered backlog.")
  static final class ListEndpoints implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        for (Outbox.Endpoint e : webhooks(data).list()) {
          List<Outbox.Message> recent =
              data.outbox().recent(Optional.of("webhook:" + e.id()), 1000);
          long pending = recent.stream().filter(m -> m.state() == Outbox.State.PENDING).count();
          long failed = recent.stream().filter(m -> m.state() == Outbox.State.FAILED).count();
          spec.commandLine()
              .getOut()
              .printf(
                  "%s %s events=%s created %s pending=%d failed=%d%n",
                  e.id(),
                  e.url(),
                  e.events().isEmpty() ? "*" : String.join(",", e.events()),
                  e.createdAt(),
                  pending,
                  failed);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove an endpoint; its undelivered notices are dropped.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        if (!webhooks(data).remove(id)) {
          spec.commandLine().getErr().println("vigil: no webhook with id '" + id + "'");
          return 1;
        }
        spec.commandLine().getOut().println("removed " + id);
      }
      return 0;
    }
  }
}
