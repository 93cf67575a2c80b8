package dev.seqwatch.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The parts of the HTTP surface, by path, as far as security tells them apart. Everything that is
 * not SeqWatch's own API, an actuator endpoint or the API documentation is the
 * Elasticsearch-compatible surface that shippers post to.
 */
final class Surfaces {

  static final String[] OPEN_HEALTH = {"/actuator/health", "/actuator/health/**"};
  static final String[] API_DOCS = {"/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**"};
  /** The analyst console's static files; its data comes from the API, with the key the analyst enters. */
  static final String[] CONSOLE = {"/console", "/console/", "/console/**"};
  static final String EVENTS = "/api/v1/events";
  /** Changes what runs, so admin only, although it sits under the rules that read keys browse. */
  static final String RULES_RELOAD = "/api/v1/rules/_reload";
  static final String[] READ = {"/api/v1/alerts", "/api/v1/alerts/**", "/api/v1/rules", "/api/v1/rules/**",
      "/api/v1/eql/search"};
  static final String[] ADMIN = {"/api/**", "/actuator/**"};

  private Surfaces() {
  }

  static boolean isElasticsearch(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.startsWith("/api/") || path.startsWith("/actuator") || path.startsWith("/swagger-ui")
        || path.startsWith("/v3/api-docs") || path.equals("/console") || path.startsWith("/console/"));
  }
}
