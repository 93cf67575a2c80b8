package dev.seqwatch.rule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The text of one rule file and where it came from, for error messages. */
public record RuleSource(String origin, String text) {

  /** The rule shipped inside SeqWatch. */
  public static final String BUNDLED = "rules/potential_reverse_shell_via_suspicious_binary.toml";

  /** The bundled default rule, read from the classpath. */
  public static RuleSource bundled() {
    try (InputStream in = RuleSource.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the bundled rule " + BUNDLED + " is missing from the build");
      }
      return new RuleSource("classpath:" + BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every {@code *.toml} file under {@code roots}, at any depth: the roots in the order given, the
   * files of each in the order of their paths, so that "first in path order" is the same on every
   * machine. A root may also be a single file. Files are listed, not read: a file that cannot be
   * read is that file's failure, not the tree's.
   *
   * @throws RuleLoadException when a root does not exist or cannot be listed
   */
  public static List<Path> find(List<Path> roots) {
    List<Path> found = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        found.add(root);
        continue;
      }
      if (!Files.isDirectory(root)) {
        throw new RuleLoadException(root.toString(), 0, 0, "rules path is neither a directory nor a file");
      }
      List<Path> files = new ArrayList<>();
      try {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            boolean regular = attributes.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(file);
            if (regular && file.getFileName().toString().endsWith(".toml")) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // Listed, then removed before its turn (an editor or a checkout at work during a
            // reload): it is not part of the tree any more.
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
      } catch (IOException e) {
        throw new RuleLoadException(root.toString(), 0, 0, "cannot list rules: " + e.getMessage());
      }
      files.sort(Comparator.comparing(file -> root.relativize(file).toString()));
      found.addAll(files);
    }
    return found;
  }

  /** The text of one rule file, read as UTF-8. */
  public static RuleSource read(Path file) throws IOException {
    return new RuleSource(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }
}
