package dev.caravan.mock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the recorded fixtures that the {@code replay} knob names, relative to the fixtures
 * directory ({@code --fixtures DIR}). Reads run on one daemon thread of their own, never on an
 * event loop; a name may not leave the directory, so a request cannot read other files.
 */
final class FixtureFiles implements AutoCloseable {
  private final Path dir;
  private final ExecutorService reader;

  /** @param dir the fixtures directory, or null when replay is off */
  FixtureFiles(Path dir) {
    this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
    this.reader = dir == null ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "mock-upstream-fixtures");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The bytes of a fixture, read off the event loop.
   *
   * @return a future failed with {@link InvalidRequestException} (naming {@code replay}) when there
   *     is no fixtures directory, the name leaves it, or the file cannot be read
   */
  CompletableFuture<byte[]> read(String name) {
    if (dir == null) {
      return CompletableFuture.failedFuture(invalid(name, "the mock has no fixtures directory; start it with"
          + " --fixtures DIR (MockOptions.withFixturesDir)"));
    }
    Path file = dir.resolve(name).normalize();
    if (!file.startsWith(dir)) {
      return CompletableFuture.failedFuture(invalid(name, "must name a file inside the fixtures directory"));
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw invalid(name, "cannot read " + file + ": " + e);
      }
    }, reader);
  }

  private static InvalidRequestException invalid(String name, String problem) {
    return new InvalidRequestException("mock knob replay '" + name + "': " + problem, "mock.replay");
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.shutdownNow();
    }
  }
}
