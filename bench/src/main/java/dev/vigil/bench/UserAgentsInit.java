package dev.vigil.bench;

import dev.vigil.client.KeywordUserAgents;
import dev.vigil.client.UserAgents;
import dev.vigil.server.useragent.UapUserAgents;
import dev.vigil.server.useragent.YauaaUserAgents;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * What building a user agent analyzer costs (Yauaa by default; {@code uap} or {@code keywords} as
 * the argument), in a fresh JVM: wall and CPU time of the build, the heap it keeps (used heap after
 * full GCs, with and without it), the peak heap while building, and the time of the first and of
 * 1,000 distinct analyses. The CPU figures include the JIT and GC threads the build keeps busy.
 * Usage: {@code java -cp bench/target/benchmarks.jar dev.vigil.bench.UserAgentsInit
 * [yauaa|uap|keywords]}; one JVM per measurement.
 */
public final class UserAgentsInit {
  private static final List<String> SAMPLES =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
              + " like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
          "curl/8.5.0");

  private UserAgentsInit() {}

  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = settledHeap();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long processCpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    UserAgents agents = build(args.length > 0 ? args[0] : "yauaa");
    long builtWall = System.nanoTime() - wall;
    long builtCpu = threads.getCurrentThreadCpuTime() - cpu;
    long builtProcessCpu = os.getProcessCpuTime() - processCpu;
    long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

    long first = System.nanoTime();
    String family = agents.family(SAMPLES.get(0)).describe();
    long firstNanos = System.nanoTime() - first;
    long many = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      agents.family(SAMPLES.get(i % SAMPLES.size()) + " bench/" + i);
    }
    long manyNanos = System.nanoTime() - many;
    long after = settledHeap();

    System.out.printf(
        "build: %d ms wall, %d ms CPU on the building thread, %d ms CPU in the process (GC, JIT)%n",
        ms(builtWall), ms(builtCpu), ms(builtProcessCpu));
    System.out.printf(
        "heap kept: %d MiB (used after full GC: %d MiB before, %d MiB with the analyzer)%n",
        mib(after - before), mib(before), mib(after));
    System.out.printf("heap peak while building (sum of pool peaks): %d MiB%n", mib(peak));
    System.out.printf("first analysis: %.2f ms (%s)%n", firstNanos / 1e6, family);
    System.out.printf(
        "1,000 distinct strings: %d ms (%.2f ms each)%n", ms(manyNanos), manyNanos / 1e9);
    // Keeps the analyzer reachable until after the last measurement.
    System.out.println("analyzer: " + agents.getClass().getSimpleName());
  }

  private static UserAgents build(String name) {
    return switch (name) {
      case "yauaa" -> new YauaaUserAgents();
      case "uap" -> new UapUserAgents();
      case "keywords" -> new KeywordUserAgents();
      default -> throw new IllegalArgumentException("expected yauaa, uap or keywords: " + name);
    };
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  private static long settledHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }
}
