package dev.vigil.server.cli;

import dev.vigil.server.Vigil;
import dev.vigil.server.config.HeapBudget;
import dev.vigil.server.config.VigilConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil serve}: runs the server until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the Vigil server.")
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    return serve(ConfigOptions.load(spec));
  }

  /** Runs the server with {@code config} until the JVM is asked to stop; returns exit code 0. */
  static int serve(VigilConfig config) throws InterruptedException {
    HeapBudget.check(
        config.cacheSize(), config.userAgentAnalyzer(), Runtime.getRuntime().maxMemory());
    Vigil vigil = Vigil.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vigil.close();
                  stopped.countDown();
                },
                "vigil-shutdown"));
    stopped.await();
    return 0;
  }
}
