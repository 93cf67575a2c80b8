package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.plan.Explainer.StageVerdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainerTest {

  private static final String SEQUENCE = """
      sequence by host.id with maxspan=1s
        [process where event.action == "exec" and process.name : ("bash", "sh") and not process.args : "-c"]
          by process.pid
        [network where destination.ip != "127.0.0.1"] by process.pid
      until [process where event.action == "end"] by process.pid""";

  private static List<StageVerdict> explain(String query, String event) {
    Explainer explainer = Explainer.of(EqlParser.parse(query));
    byte[] body = event.getBytes(StandardCharsets.UTF_8);
    Event read = new EventReader(explainer.schema()).read(body, 0, body.length, BodyFormat.JSON).events().get(0);
    return explainer.explain(read.values());
  }

  @Test
  void anEventThatSatisfiesAStageIsMatchedThereAndToldTheFirstFailingConjunctElsewhere() {
    List<StageVerdict> verdicts = explain(SEQUENCE, """
        {"@timestamp":"2026-03-02T08:00:00Z","host":{"id":"h"},"event":{"category":"process","action":"exec"},
         "process":{"name":"SH","pid":7}}""");

    assertThat(verdicts).containsExactly(
        new StageVerdict(1, false, true, null),
        new StageVerdict(2, false, false, "event.category == \"network\""),
        new StageVerdict(3, true, false, "event.action == \"end\""));
  }

  @Test
  void theFirstFalseConjunctInWrittenOrderIsTheReasonWhateverFollows() {
    List<StageVerdict> verdicts = explain(SEQUENCE, """
        {"@timestamp":"2026-03-02T08:00:00Z","host":{"id":"h"},"event":{"category":"process","action":"exec"},
         "process":{"name":"python","pid":7,"args":["-c","x"]}}""");

    assertThat(verdicts.get(0).failed()).isEqualTo("process.name : (\"bash\", \"sh\")");
  }

  @Test
  void aNegatedConjunctIsReportedWithItsNot() {
    List<StageVerdict> verdicts = explain(SEQUENCE, """
        {"@timestamp":"2026-03-02T08:00:00Z","host":{"id":"h"},"event":{"category":"process","action":"exec"},
         "process":{"name":"bash","pid":7,"args":["-c","id"]}}""");

    assertThat(verdicts.get(0).failed()).isEqualTo("not (process.args : (\"-c\"))");
  }

  @Test
  void aMissingJoinKeyFailsAStageWhoseConditionHolds() {
    List<StageVerdict> verdicts = explain(SEQUENCE, """
        {"@timestamp":"2026-03-02T08:00:00Z","host":{"id":"h"},"event":{"category":"network"},
         "destination":{"ip":"203.0.113.9"}}""");

    assertThat(verdicts.get(1)).isEqualTo(new StageVerdict(2, false, false, "join key process.pid is missing"));
  }

  @Test
  void anEventQueryIsOneStageAndItsCategoryTheFirstCondition() {
    String query = "process where process.name : \"nc*\" and process.pid > 100";

    assertThat(explain(query, """
        {"@timestamp":"2026-03-02T08:00:00Z","event":{"category":"network"},"process":{"name":"ncat","pid":300}}"""))
        .containsExactly(new StageVerdict(1, false, false, "event.category == \"process\""));
    assertThat(explain(query, """
        {"@timestamp":"2026-03-02T08:00:00Z","event":{"category":"process"},"process":{"name":"ncat","pid":30}}"""))
        .containsExactly(new StageVerdict(1, false, false, "process.pid > 100"));
    assertThat(explain(query, """
        {"@timestamp":"2026-03-02T08:00:00Z","event":{"category":"process"},"process":{"name":"ncat","pid":300}}"""))
        .containsExactly(new StageVerdict(1, false, true, null));
  }

  @Test
  void anyWhereTrueHasNothingThatCanFail() {
    assertThat(explain("any where true", "{\"@timestamp\":\"2026-03-02T08:00:00Z\"}"))
        .containsExactly(new StageVerdict(1, false, true, null));
  }
}
