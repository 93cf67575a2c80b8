package dev.seqwatch.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
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

  static {
    // Original event documents are free-form JSON: describe them as objects, not as the getters
    // of Jackson's tree classes.
    SpringDocUtils.getConfig()
        .replaceWithSchema(JsonNode.class, new ObjectSchema().description("an original event document"))
        .replaceWithSchema(ObjectNode.class, new ObjectSchema());
  }

  /** Every operation can answer 401 (no valid key) and 403 (a key without the role). */
  @Bean
  OpenApiCustomizer securityResponses() {
    return api -> api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> operation
        .getResponses()
        .addApiResponse("401", problem("No valid key: missing and wrong keys get the same answer"))
        .addApiResponse("403", problem("The key is valid but its roles do not include this operation"))));
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse().description(description)
        .content(new Content().addMediaType("application/problem+json", new MediaType()));
  }

  @Bean
  OpenAPI seqwatchOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("SeqWatch API")
            .version("v1")
            .description("Real-time EQL sequence detection over ECS events. Post events to /api/v1/events and "
                + "get the chains they complete in the response; browse stored alerts; try queries.")
            .license(new License().name("Proprietary")))
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
