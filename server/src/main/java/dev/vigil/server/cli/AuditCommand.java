package dev.vigil.server.cli;

import dev.vigil.audit.EventChain;
import dev.vigil.server.DataDirectory;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil audit verify-log}: checks the event log's hash chain. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Check the audit log.",
    subcommands = {AuditCommand.VerifyLog.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "verify-log",
      mixinStandardHelpOptions = true,
      description =
          "Recompute the hash chain of every event (from the anchor left by pruning, if any); exit 1"
              + " and name the first broken event if any.")
  static final class VerifyLog implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        EventChain.Check check = data.events().verifyChain();
        if (check.intact()) {
          spec.commandLine()
              .getOut()
              .printf("intact: %d events, every link matches%n", check.events());
          check
              .anchor()
              .ifPresent(
                  a ->
                      spec.commandLine()
                          .getOut()
                          .printf(
                              "%d older events were pruned (the last at %s); the chain starts"
                                  + " after event #%d%n",
                              a.pruned(), a.through(), a.seq()));
          return 0;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "BROKEN at event %s (checked %d events): it, or the event before it,"
                    + " was edited, deleted or moved%n",
                check.firstBroken().map(Object::toString).orElse("?"), check.events());
        return 1;
      }
    }
  }
}
