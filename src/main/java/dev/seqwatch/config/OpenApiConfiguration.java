package dev.seqwatch.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API description behind Swagger UI. The server is the relative "/", so the document does
 * not change with the host or port it is served from and can be committed as openapi/openapi.yaml.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

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
