package dev.seqwatch.jvm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Keeps the frameworks' code (Tomcat, Spring, H2, ...) out of HotSpot's optimizing compiler, C2:
 * their methods are compiled by C1 alone, which compiles in a fraction of C2's time.
 *
 * <p>Why: SeqWatch's per-event code (reading, matching) runs a thousand times per request and
 * reaches C2 within seconds. The code around it runs once per request, per alert or per commit,
 * and reaches C2's thresholds (thousands of calls) one method after another over minutes: with
 * the bundled rule the compilers still took a quarter of the server's CPU after 1.2 million events
 * of load, and fell under 5 % only after about 18 million (docs/benchmarks.md, "The compilers after
 * the warm-up"). A compilation log showed that code was framework code met for the first time,
 * not recompiled. Compiled by C1 at its full-optimization tier instead, that code runs slower per
 * call, and costs a fraction of the compilers' time. Some framework code is hot where alerts are
 * many: H2's B-trees and page serialization cost a whole rule set a third more per event in its
 * store when compiled by C1, so such packages can be kept with C2 (docs/benchmarks.md, "Framework
 * code compiled by C1 only").
 *
 * <p>How: a compiler directive ({@code c2: {Exclude: true}} matching each package), added through
 * the platform's {@code DiagnosticCommand} MBean, as {@code jcmd <pid> Compiler.directives_add}
 * would; so it needs no JVM option and applies however the JVM was started. A method still starts
 * as every method does, interpreted and then compiled by C1 with profiling; when its counters would
 * send it to C2 and the directive refuses, HotSpot's tiered policy compiles it again with C1 without
 * profiling, its fastest C1 form. Code run once per request reaches that point late at the default
 * thresholds, so the image and {@code spring-boot:run} also lower them to a tenth for the same
 * packages, a JVM option ({@code CompileThresholdScaling}, README "The JIT compilers"). C2 still
 * inlines such methods into the code it compiles, SeqWatch's hot loops included. A JVM without that
 * command (not HotSpot) is left as it is.
 *
 * <p>Directives are the JVM's, not a Spring context's: they are added once per JVM, and a second
 * call with other packages (a second context in the same test JVM) leaves the first ones in place.
 */
public final class FrameworkCompilation {

  /** A Java package name; checked, since it becomes part of the directive's text. */
  private static final Pattern PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
      + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
  private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

  private static List<List<String>> added;

  private FrameworkCompilation() {
  }

  /** What became of a request: whether the JVM now holds the directives asked for, and what it said. */
  public record Outcome(boolean applied, String message) {
  }

  /**
   * Has the JVM compile every method of {@code packages} (and their subpackages) with C1 only,
   * except those of {@code keptWithC2} (and theirs). Nothing for an empty {@code packages}.
   *
   * @throws IllegalArgumentException if an entry is not a package name
   */
  public static synchronized Outcome limitToC1(List<String> packages, List<String> keptWithC2) {
    String directives = directives(packages, keptWithC2);
    if (packages.isEmpty()) {
      return new Outcome(false, "no packages given");
    }
    List<List<String>> asked = List.of(List.copyOf(packages), List.copyOf(keptWithC2));
    if (added != null) {
      return new Outcome(added.equals(asked), "added before, for " + added.get(0) + " except " + added.get(1));
    }
    String said = addDirectives(directives);
    boolean applied = said.contains("compiler directives added");
    if (applied) {
      added = asked;
    }
    return new Outcome(applied, said.strip());
  }

  /**
   * The directives' JSON. The JVM takes the first directive that matches a method, so the
   * packages kept with C2 come first, in a directive that changes nothing; then one that excludes
   * C2 for the others.
   */
  static String directives(List<String> packages, List<String> keptWithC2) {
    String excluded = "{match: [" + patterns(packages) + "], c2: {Exclude: true}}";
    return keptWithC2.isEmpty() ? "[" + excluded + "]"
        : "[{match: [" + patterns(keptWithC2) + "], c2: {Exclude: false}}, " + excluded + "]";
  }

  private static String patterns(List<String> packages) {
    for (String name : packages) {
      if (!PACKAGE.matcher(name).matches()) {
        throw new IllegalArgumentException("not a Java package name: '" + name + "'");
      }
    }
    return packages.stream()
        .map(name -> "\"" + name.replace('.', '/') + "/*.*\"")
        .collect(Collectors.joining(", "));
  }

  /** The directives the JVM holds now, as {@code jcmd <pid> Compiler.directives_print} prints them. */
  static String printDirectives() {
    return diagnosticCommand("compilerDirectivesPrint");
  }

  /**
   * Adds {@code directives} (also {@link CacheMaintenanceCompilation}'s); what the JVM said. The
   * command takes a file's name: the directives go through a temporary file.
   */
  static String addDirectives(String directives) {
    Path file = null;
    try {
      file = Files.createTempFile("seqwatch-compiler-directives", ".json");
      Files.writeString(file, directives, StandardCharsets.UTF_8);
      return diagnosticCommand("compilerDirectivesAdd", file.toString());
    } catch (IOException e) {
      return "could not write the directives' file: " + e.getMessage();
    } finally {
      deleteQuietly(file);
    }
  }

  private static String diagnosticCommand(String operation, String... arguments) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      Object said = server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), operation, new Object[] {arguments},
          new String[] {String[].class.getName()});
      return String.valueOf(said);
    } catch (JMException | RuntimeException e) {
      return "this JVM has no diagnostic command " + operation + ": " + e;
    }
  }

  /** The JVM has read the file once the command returns; one left behind is only tidied later. */
  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }
}
