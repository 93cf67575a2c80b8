package dev.seqwatch.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API description behind Swagger UI. The server is the relative "/", so the document does
 * not change with the host or port it is served from and can be committed as openapi/openapi.yaml.
 * Every operation needs a key (docs/security.md): Swagger UI's Authorize button takes it as
 * {@code X-API-Key}, the simplest of the accepted forms to paste.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  private static final String X_API_KEY = "apiKey";
  private static final String ELASTIC_API_KEY = "elasticApiKey";
  private static final JsonMapper EXAMPLES = new JsonMapper();

  static {
    // Original event documents are free-form JSON: describe them as objects, not as the getters
    // of Jackson's tree classes.
    SpringDocUtils.getConfig()
        .replaceWithSchema(JsonNode.class, new ObjectSchema().description("an original event document"))
        .replaceWithSchema(ObjectNode.class, new ObjectSchema());
  }

  /** The request examples, then the 401 and 403 every operation can answer. */
  @Bean
  OpenApiCustomizer contract() {
    return api -> {
      addRequestExamples(api);
      addSecurityResponses(api);
    };
  }

  /** Every operation can answer 401 (no valid key) and 403 (a key without the role). */
  private static void addSecurityResponses(OpenAPI api) {
    api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> operation
        .getResponses()
        .addApiResponse("401", problem("No valid key: missing and wrong keys get the same answer"))
        .addApiResponse("403", problem("The key is valid but its roles do not include this operation"))));
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse().description(description)
        .content(new Content().addMediaType("application/problem+json", new MediaType()));
  }

  /**
   * Ready-to-run request bodies for Swagger UI's "Try it out", from classpath:openapi-examples: the
   * corpus' classic reverse-shell chain as a batch (JSON and NDJSON), as a bulk body, and as an EQL
   * sequence search. The bulk endpoint is documented here because its controller, which also
   * serves PUT and indexed paths for shippers, is hidden from the contract.
   */
  private static void addRequestExamples(OpenAPI api) {
    Operation events = api.getPaths().get("/api/v1/events").getPost();
    events.getRequestBody().getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE)
        .examples(Map.of("reverse-shell chain", example("The three events of a reverse shell, in one batch",
            json("reverse-shell-batch.json"))));
    events.getRequestBody().getContent().get("application/x-ndjson")
        .examples(Map.of("reverse-shell chain", example("The same chain as NDJSON, one event a line",
            text("reverse-shell.ndjson"))));
    Operation search = api.getPaths().get("/api/v1/eql/search").getPost();
    MediaType searchBody = search.getRequestBody().getContent()
        .get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
    Map<String, Example> searches = new LinkedHashMap<>();
    searches.put("event query", example("One event, one pattern", json("eql-event-search.json")));
    searches.put("sequence", example("The reverse-shell chain as a sequence: one hit with its join keys",
        json("eql-sequence-search.json")));
    searchBody.examples(searches);
    api.getPaths().addPathItem("/_bulk", new PathItem().post(new Operation()
        .addTagsItem("Elasticsearch-compatible")
        .summary("Elasticsearch's bulk API, for shippers")
        .description("Action and document lines as Elasticsearch takes them (also PUT, and /{index}/_bulk);"
            + " `index` and `create` documents run through the rules like /api/v1/events, addressed to their"
            + " `_index`. Needs the ingest role. See docs/shippers/.")
        .operationId("bulk")
        .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/x-ndjson",
            new MediaType().schema(new StringSchema()).examples(Map.of("reverse-shell chain",
                example("The chain as three create actions", text("bulk.ndjson")))))))
        .responses(new ApiResponses().addApiResponse("200", new ApiResponse()
            .description("One item per action, in order: 201 for an accepted document, 400 with a reason")
            .content(new Content().addMediaType("application/json", new MediaType()))))));
  }

  private static Example example(String summary, Object value) {
    return new Example().summary(summary).value(value);
  }

  private static String text(String name) {
    try (InputStream in = OpenApiConfiguration.class.getResourceAsStream("/openapi-examples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI example " + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object json(String name) {
    return EXAMPLES.readValue(text(name), Object.class);
  }

  @Bean
  OpenAPI seqwatchOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("SeqWatch API")
            .version("v1")
            .description("Real-time EQL sequence detection over ECS events. Post events to /api/v1/events and "
                + "get the chains they complete in the response; browse stored alerts; try queries.")
            .license(new License().name("Apache-2.0").identifier("Apache-2.0")
                .url("https://www.apache.org/licenses/LICENSE-2.0")))
        .servers(List.of(new Server().url("/")))
        .components(new Components()
            .addSecuritySchemes(X_API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                .description("An API key; its role decides what it may call: ingest, read or admin."))
            .addSecuritySchemes(ELASTIC_API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("Authorization")
                .description("The same key as Elastic's shippers send it: `ApiKey <key>`.")))
        .addSecurityItem(new SecurityRequirement().addList(X_API_KEY))
        .addSecurityItem(new SecurityRequirement().addList(ELASTIC_API_KEY));
  }
}
