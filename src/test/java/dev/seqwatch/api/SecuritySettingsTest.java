package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.SeqwatchApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A security setting that is wrong stops start-up, naming the property, with a start-up report
 * rather than a stack trace; nothing starts half-secured.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuritySettingsTest {

  @Test
  void theStartUpReportNamesThePropertyAndTheFix(@TempDir Path data, CapturedOutput output) {
    assertStartFails(data, "seqwatch.security.api-keys[0].hash", "--seqwatch.security.api-keys[0].name=ci",
        "--seqwatch.security.api-keys[0].roles=ingest", "--seqwatch.security.api-keys[0].hash=plain-key");

    assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
        .contains("A security setting cannot be used: seqwatch.security.api-keys[0].hash")
        .contains("docs/security.md");
  }

  private static void assertStartFails(Path data, String message, String... settings) {
    String[] arguments = new String[settings.length + 2];
    arguments[0] = "--server.port=0";
    arguments[1] = "--seqwatch.data-dir=" + data;
    System.arraycopy(settings, 0, arguments, 2, settings.length);
    assertThatThrownBy(() -> new SpringApplicationBuilder(SeqwatchApplication.class).run(arguments).close())
        .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void aClearKeyWhereAHashBelongsIsRefused(@TempDir Path data) {
    assertStartFails(data, "seqwatch.security.api-keys[0].hash: expected sha256:",
        "--seqwatch.security.api-keys[0].name=ci", "--seqwatch.security.api-keys[0].roles=ingest",
        "--seqwatch.security.api-keys[0].hash=" + TestKeys.INGEST.key());
  }

  @Test
  void anUnknownRoleIsRefused(@TempDir Path data) {
    assertStartFails(data, "seqwatch.security.api-keys[0].roles: unknown role 'write'",
        "--seqwatch.security.api-keys[0].name=ci", "--seqwatch.security.api-keys[0].roles=write",
        "--seqwatch.security.api-keys[0].hash=sha256:" + TestKeys.sha256Hex("x"));
  }

  @Test
  void aClearBasicPasswordIsRefused(@TempDir Path data) {
    assertStartFails(data, "seqwatch.security.basic.password-hash: expected a bcrypt hash",
        "--seqwatch.security.basic.username=shipper", "--seqwatch.security.basic.password-hash=hunter2");
  }
}
