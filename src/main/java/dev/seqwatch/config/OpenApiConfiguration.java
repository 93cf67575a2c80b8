package dev.seqwatch.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.media.ObjectSchema;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API description behind Swagger UI. The server is the relative "/", so the document does
 * not change with the host or port it is served from and can be committed as openapi/openapi.yaml.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static {
    // Original event documents are free-form JSON: describe them as objects, not as the getters
    // of Jackson's tree classes.
    SpringDocUtils.getConfig()
        .replaceWithSchema(JsonNode.class, new ObjectSchema().description("an original event document"))
        .replaceWithSchema(ObjectNode.class, new ObjectSchema());
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
        .servers(List.of(new Server().url("/")));
  }
}
