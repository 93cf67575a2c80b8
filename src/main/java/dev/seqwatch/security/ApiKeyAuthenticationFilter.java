package dev.seqwatch.security;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the credential of a request into its holder. A request without one goes on anonymous and
 * the authorization rules decide; a request with one that is not valid is answered 401 here, and
 * counted against its address. Credentials: {@code Authorization: ApiKey <key>}, the header
 * Elastic's shippers send, {@code X-API-Key: <key>}, and on the Elasticsearch-compatible surface
 * only, {@code Authorization: Basic} for the configured user.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  private static final String API_KEY_HEADER = "X-API-Key";

  private final KeyRing keys;
  private final Optional<BasicUser> basicUser;
  private final FailedAttempts failures;
  private final SecurityProblems problems;
  private final Counter failed;
  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

  ApiKeyAuthenticationFilter(KeyRing keys, Optional<BasicUser> basicUser, FailedAttempts failures,
      SecurityProblems problems, Counter failed) {
    this.keys = keys;
    this.basicUser = basicUser;
    this.failures = failures;
    this.problems = problems;
    this.failed = failed;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    String apiKeyHeader = request.getHeader(API_KEY_HEADER);
    if (authorization == null && apiKeyHeader == null) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    if (apiKeyHeader == null && isBasic(authorization)) {
      // The Basic user keeps its lockout, checked before bcrypt runs: a person's password may be guessable.
      long wait = failures.secondsToWait(address);
      if (wait > 0) {
        problems.throttled(request, response, wait);
        return;
      }
    }
    Optional<KeyHolder> holder = apiKeyHeader != null ? keys.find(apiKeyHeader.trim())
        : authenticate(authorization.trim(), request);
    if (holder.isEmpty()) {
      // A valid key is never throttled (FailedAttempts); a failed attempt waits when its address,
      // or everyone together, failed too often.
      long wait = failures.secondsToWait(address);
      failures.recordFailure(address);
      failed.increment();
      if (wait > 0) {
        problems.throttled(request, response, wait);
      } else {
        problems.unauthorized(request, response);
      }
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(holder.get().name(), null,
        holder.get().authorities()));
    contexts.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      contexts.clearContext();
    }
  }

  private static boolean isBasic(String authorization) {
    String trimmed = authorization.trim();
    return trimmed.length() > 6 && trimmed.regionMatches(true, 0, "Basic ", 0, 6);
  }

  private Optional<KeyHolder> authenticate(String authorization, HttpServletRequest request) {
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = authorization.substring(0, space);
    String credential = authorization.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("ApiKey")) {
      return keys.find(credential);
    }
    if (scheme.equalsIgnoreCase("Basic") && basicUser.isPresent() && Surfaces.isElasticsearch(request)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty()
          : basicUser.get().check(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    return Optional.empty();
  }
}
