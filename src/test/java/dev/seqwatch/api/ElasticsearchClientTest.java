package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import co.elastic.clients.json.JsonData;
import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Corpus.Scenario;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/** The official Elasticsearch Java client talks to SeqWatch as to a cluster. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ElasticsearchClientTest extends ApiTestSupport {

  @Autowired
  AlertStore store;

  @Test
  void theOfficialClientReadsInfoAndBulkIndexesEveryScenario() throws Exception {
    try (ElasticsearchClient client = ElasticsearchClient.of(b -> b.host("http://localhost:" + port)
        .apiKey(TestKeys.INGEST.key()))) {
      InfoResponse info = client.info();
      assertThat(info.version().number()).isEqualTo("8.17.0");
      assertThat(info.tagline()).isEqualTo("You Know, for Search");

      for (Scenario scenario : Corpus.scenarios()) {
        String tag = "-es-client";
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (String document : scenario.events()) {
          String rekeyed = EventsApiTest.rekey(document, tag);
          String index = indexOf(JSON.readTree(rekeyed));
          bulk.operations(op -> op.create(c -> c.index(index).document(JsonData.from(new StringReader(rekeyed)))));
        }
        BulkResponse response = client.bulk(bulk.build());

        assertThat(response.errors()).isFalse();
        assertThat(response.items()).hasSize(scenario.events().size())
            .allSatisfy(item -> assertThat(item.status()).isEqualTo(201));
        for (List<String> chain : scenario.expected()) {
          List<String> ids = chain.stream().map(id -> id + tag).toList();
          assertThat(store.list(new dev.seqwatch.alert.AlertQuery(null, null, null, null), null, 10_000))
              .as("%s: expected chain %s", scenario.name(), ids)
              .anySatisfy(alert -> assertThat(EventsApiTest.chainOf(JSON.valueToTree(alert))).isEqualTo(ids));
        }
      }
    }
  }

  private static String indexOf(JsonNode event) {
    JsonNode stream = event.get("data_stream");
    if (stream == null) {
      return "logs-endpoint.events.process-default";
    }
    return stream.get("type").asString() + "-" + stream.get("dataset").asString() + "-"
        + stream.get("namespace").asString();
  }

  @Test
  void theOfficialClientWithAWrongKeySeesA401FromElasticsearch() throws Exception {
    try (ElasticsearchClient client = ElasticsearchClient.of(b -> b.host("http://localhost:" + port)
        .apiKey(TestKeys.UNKNOWN_KEY))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(client::info)
          .satisfies(e -> assertThat(e.toString()).contains("401"));
    }
  }
}
