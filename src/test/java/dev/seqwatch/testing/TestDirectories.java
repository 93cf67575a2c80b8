package dev.seqwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Directories for tests whose Spring context outlives any one test class (a data directory, a rules
 * folder), so that no test can delete them: made under the build's {@code target/test-tmp}, which
 * {@code ./mvnw clean} removes, rather than in the system's temporary folder, where every run of the
 * suite left an H2 database behind.
 */
public final class TestDirectories {

  private static final Path ROOT = Path.of("target", "test-tmp");

  private TestDirectories() {
  }

  /** A new empty directory whose name starts with {@code prefix}. */
  public static Path create(String prefix) {
    try {
      Files.createDirectories(ROOT);
      return Files.createTempDirectory(ROOT, prefix).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
