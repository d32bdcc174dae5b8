package dev.vigil.bench;

import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Vigil node for bench/events-bench.sh: {@code on} keeps the events of verifications and runs
 * every anomaly rule in enforce mode, {@code off} drops those events and turns every rule off.
 *
 * <p>{@code events} keeps the events with every rule off, to tell the two costs apart.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.vigil.bench.EventsServer on|off|events PORT DATA
 * KEY}
 */
public final class EventsServer {
  private EventsServer() {}

  public static void main(String[] args) throws InterruptedException {
    boolean on = args[0].equals("on");
    boolean events = on || args[0].equals("events");
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    flags.put(ConfigKey.PORT, args[1]);
    flags.put(ConfigKey.DATA, args[2]);
    flags.put(ConfigKey.BOOTSTRAP_API_KEY, args[3]);
    String mode = on ? "enforce" : "off";
    for (ConfigKey rule :
        new ConfigKey[] {
          ConfigKey.ANOMALY_GUESSING,
          ConfigKey.ANOMALY_THEFT,
          ConfigKey.ANOMALY_STUFFING,
          ConfigKey.ANOMALY_SPIKE,
          ConfigKey.ANOMALY_NEW_DEVICE
        }) {
      flags.put(rule, mode);
    }
    Vigil vigil = Vigil.start(ConfigLoader.load(Optional.empty(), Map.of(), flags), !events);
    Runtime.getRuntime().addShutdownHook(new Thread(vigil::close));
    Thread.currentThread().join();
  }
}
