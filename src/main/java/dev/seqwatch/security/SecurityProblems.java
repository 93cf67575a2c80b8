package dev.seqwatch.security;

import dev.seqwatch.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of the security checks, as problem details. A missing key and a wrong one get the
 * very same 401, so a caller learns nothing about which part of a guess was off; a valid key
 * without the role gets 403. Answers on the Elasticsearch-compatible surface carry
 * {@code X-Elastic-Product}, as every answer of Elasticsearch does; the official clients check it
 * on the answers they accept.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final JsonMapper json;
  private final boolean basicUser;

  SecurityProblems(JsonMapper json, boolean basicUser) {
    this.json = json;
    this.basicUser = basicUser;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
      throws IOException {
    unauthorized(request, response);
  }

  void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
    boolean elasticsearch = Surfaces.isElasticsearch(request);
    response.addHeader("WWW-Authenticate", "ApiKey");
    if (elasticsearch && basicUser) {
      response.addHeader("WWW-Authenticate", "Basic realm=\"seqwatch\", charset=\"UTF-8\"");
    }
    write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
        "this request needs a valid API key, sent as Authorization: ApiKey <key> or X-API-Key: <key>"
            + (elasticsearch && basicUser ? ", or the configured user through Authorization: Basic" : "")));
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
        "the key is valid but its roles do not include this request"));
  }

  void throttled(HttpServletRequest request, HttpServletResponse response, long seconds) throws IOException {
    response.setHeader("Retry-After", Long.toString(seconds));
    write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-authentications",
        "Too many failed authentications", "this address failed to authenticate too often; retry after "
            + seconds + " s"));
  }

  private void write(HttpServletRequest request, HttpServletResponse response,
      ProblemDetail problem) throws IOException {
    if (Surfaces.isElasticsearch(request)) {
      response.setHeader("X-Elastic-Product", "Elasticsearch");
    }
    Problems.write(response, json, problem);
  }
}
