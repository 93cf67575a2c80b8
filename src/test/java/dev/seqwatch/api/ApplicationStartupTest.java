package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.SeqwatchApplication;
import dev.seqwatch.rule.RuleFile;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.ruleset.RulesRefusedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApplicationStartupTest extends ApiTestSupport {

  @Autowired
  ActiveRules rules;

  @Test
  void startsWithTheBundledRuleAndAnswersHealth() throws Exception {
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(rules.current().engine().rules()).extracting(rule -> rule.id()).containsExactly("fa3a59dc-33c3-43bf-80a9-e8437a922c7f");
  }

  @Test
  void inStrictModeARuleThatDoesNotParseStopsStartUpNamingFileLineAndColumn(@TempDir Path rules)
      throws IOException {
    Path bad = rules.resolve("bad.toml");
    Files.writeString(bad, """
        [rule]
        rule_id = "bad"
        name = "bad"
        type = "eql"
        language = "eql"
        severity = "low"
        risk_score = 1
        query = '''
        process where process.name = "x"
        '''
        """);

    assertThatThrownBy(() -> new SpringApplicationBuilder(SeqwatchApplication.class)
        .run("--server.port=0", "--seqwatch.rules.path=" + rules, "--seqwatch.rules.strict=true",
            "--seqwatch.data-dir=" + rules).close())
        .rootCause()
        .isInstanceOfSatisfying(RulesRefusedException.class, refused -> assertThat(refused.refused())
            .extracting(RuleFile::describe)
            .containsExactly("FAILED malformed_eql " + bad + ":9:28: query: expected an operator (==, !=, <, <=, >,"
                + " >=, :, in, in~, not in, like, like~, regex, regex~) after process.name but found '='"));
  }

  @Test
  void aSocketReadBufferOutsideItsBoundsStopsStartUpNamingTheSetting(@TempDir Path data) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(SeqwatchApplication.class)
        .run("--server.port=0", "--seqwatch.ingest.socket-read-buffer=100B", "--seqwatch.data-dir=" + data).close())
        .hasStackTraceContaining("Failed to bind properties under 'seqwatch.ingest'")
        .rootCause()
        .hasMessageContaining("socket-read-buffer must be between 1KB and 16MB, not 100B");
  }
}
