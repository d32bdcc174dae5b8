package dev.vigil.server.beat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving node's claim on its data directory, which tells a restart whether the node that served
 * from the directory before it has ended: then that node's leases can be given up at once rather
 * than left to run out, and a node restarted after {@code kill -9} or a crash is ready in its own
 * start-up time instead of a lease term later.
 *
 * <p>The node holds an exclusive lock on {@value #LOCK} for its life and writes its name to {@value
 * #NAME}. The operating system drops a process's locks when it ends, however it ends, so a node
 * that gets the lock knows the name it finds was written by a process that no longer runs. A node
 * that cannot get it (another {@code serve} on the same directory is alive, or the directory is
 * read-only) claims nothing and every lease runs out as before. Commands other than {@code serve}
 * never take the lock.
 */
public final class NodeClaim implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeClaim.class);

  /** The file whose lock a serving node holds. */
  public static final String LOCK = "serving.lock";

  /** The file that names the node that holds (or last held) the lock. */
  public static final String NAME = "serving.node";

  private final Optional<FileChannel> channel;
  private final Optional<String> ended;

  private NodeClaim(Optional<FileChannel> channel, Optional<String> ended) {
    this.channel = channel;
    this.ended = ended;
  }

  /**
   * Claims {@code dir} for the node named {@code node}: when no other live process holds the claim,
   * takes it, reads the name of the node that held it last and writes {@code node} in its place.
   * Never throws: a claim that cannot be taken claims nothing.
   */
  public static NodeClaim take(Path dir, String node) {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              dir.resolve(LOCK),
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              dev.vigil.server.files.OwnerOnly.FILE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        LOG.info("another node serves from {}: its leases are left to run out", dir);
        return new NodeClaim(Optional.empty(), Optional.empty());
      }
      Path name = dir.resolve(NAME);
      Optional<String> ended =
          Files.exists(name)
              ? Optional.of(Files.readString(name, StandardCharsets.UTF_8).strip())
                  .filter(s -> !s.isEmpty())
              : Optional.empty();
      Path fresh = dir.resolve(NAME + ".new");
      dev.vigil.server.files.OwnerOnly.replaceWith(fresh, node);
      Files.move(fresh, name, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new NodeClaim(Optional.of(channel), ended);
    } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
      // OverlappingFileLockException: this process holds the claim already (two nodes in one JVM)
      closeQuietly(channel);
      LOG.info(
          "cannot claim {} ({}): leases of an ended node are left to run out", dir, e.toString());
      return new NodeClaim(Optional.empty(), Optional.empty());
    }
  }

  /** Whether this node holds the claim (no other live process did when it was taken). */
  public boolean held() {
    return channel.isPresent();
  }

  /** The name of the node that served from the directory last and has ended, if there was one. */
  public Optional<String> ended() {
    return ended;
  }

  /** Gives the claim up (the operating system does too when the process ends). */
  @Override
  public void close() {
    channel.ifPresent(NodeClaim::closeQuietly);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing the claim: {}", e.getMessage());
    }
  }
}
