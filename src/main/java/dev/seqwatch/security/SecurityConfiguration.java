package dev.seqwatch.security;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.config.SeqwatchProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what (docs/security.md). Health probes, the API documentation and the console's static
 * files are open (the console asks for a key and sends it with every API call); posting
 * events takes the ingest role, browsing the read role, and everything else, metrics included,
 * the admin role. No sessions, no cookies, so no CSRF: every request carries its key.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /**
   * The console loads only its own files and talks only to this service: no inline script or
   * style, no other origin, no framing (docs/console.md).
   */
  static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, SeqwatchProperties properties, JsonMapper json,
      MeterRegistry meters) throws Exception {
    SeqwatchProperties.Security security = properties.security();
    http.csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
            PathPatternRequestMatcher.withDefaults().matcher("/console/**"),
            new StaticHeadersWriter("Content-Security-Policy", CONSOLE_POLICY))));
    if (!security.enabled()) {
      log.warn("SECURITY IS DISABLED (seqwatch.security.enabled=false): anyone who can reach this port can post"
          + " events, forge or hide alerts and read every alert. Use this only for local experiments.");
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
    KeyRing keys = keyRing(security, properties, json);
    Optional<BasicUser> basicUser = BasicUser.of(security.basic().username(), security.basic().passwordHash());
    SecurityProblems problems = new SecurityProblems(json, basicUser.isPresent());
    FailedAttempts failures = new FailedAttempts(security.failedAttempts().maxPerAddress(),
        security.failedAttempts().maxTotal(), security.failedAttempts().window(), Ticker.systemTicker());
    Counter failed = Counter.builder("seqwatch.security.authentication.failures")
        .description("Requests refused because their credential was not valid").register(meters);
    basicUser.ifPresent(user -> log.info("The Elasticsearch-compatible endpoints accept Basic authentication"
        + " for user '{}'", user.username()));
    return http
        .addFilterBefore(new ApiKeyAuthenticationFilter(keys, basicUser, failures, problems, failed),
            AnonymousAuthenticationFilter.class)
        .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .authorizeHttpRequests(requests -> requests
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers(Surfaces.OPEN_HEALTH).permitAll()
            .requestMatchers(Surfaces.API_DOCS).permitAll()
            .requestMatchers(HttpMethod.GET, Surfaces.CONSOLE).permitAll()
            .requestMatchers(HttpMethod.POST, Surfaces.EVENTS).hasRole(Role.INGEST.name())
            .requestMatchers(Surfaces.RULES_RELOAD).hasRole(Role.ADMIN.name())
            .requestMatchers(Surfaces.READ).hasRole(Role.READ.name())
            .requestMatchers(Surfaces.ADMIN).hasRole(Role.ADMIN.name())
            .anyRequest().hasRole(Role.INGEST.name()))
        .build();
  }

  /**
   * No Micrometer observations of the security filter chain, authentication and authorization:
   * with them Spring Security wraps each of its filters in an observing decorator, a few
   * observations and lambdas per request that no dashboard of ours reads, and more framework
   * code for the JIT to compile while the server warms up (docs/benchmarks.md, "Where the
   * server's CPU goes"). Failed authentications are still counted
   * ({@code seqwatch.security.authentication.failures}), and every request is still timed by
   * {@code http.server.requests}.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  InfoContributor securityInfo(SeqwatchProperties properties) {
    return info -> info.withDetail("security", properties.security().enabled()
        ? Map.of("enabled", true)
        : Map.of("enabled", false, "warning", "security is disabled: anyone who can reach SeqWatch can post events"
            + " and read alerts"));
  }

  private static KeyRing keyRing(SeqwatchProperties.Security security, SeqwatchProperties properties,
      JsonMapper json) {
    if (!security.apiKeys().isEmpty()) {
      Map<String, KeyHolder> byHash = new LinkedHashMap<>();
      List<SeqwatchProperties.Security.ApiKey> configured = security.apiKeys();
      for (int i = 0; i < configured.size(); i++) {
        SeqwatchProperties.Security.ApiKey key = configured.get(i);
        String where = "seqwatch.security.api-keys[" + i + "]";
        if (key.name() == null || key.name().isBlank()) {
          throw new SecuritySettingsException(where + ".name: every key needs a name");
        }
        if (key.roles() == null || key.roles().isEmpty()) {
          throw new SecuritySettingsException(where + ".roles: name at least one of ingest, read, admin");
        }
        Set<Role> roles = key.roles().stream().map(role -> Role.parse(role, where + ".roles"))
            .collect(Collectors.toSet());
        byHash.put(KeyHash.parse(key.hash(), where + ".hash"), new KeyHolder(key.name(), roles));
      }
      log.info("Accepting {} configured API key(s): {}", byHash.size(),
          byHash.values().stream().map(KeyHolder::name).toList());
      return new KeyRing(byHash);
    }
    GeneratedKeys.Loaded loaded = GeneratedKeys.loadOrCreate(properties.dataDir(), json, new SecureRandom());
    if (loaded.fresh().isEmpty()) {
      log.info("Accepting the API keys generated on first start; their hashes are in {}", loaded.file());
    } else {
      StringBuilder message = new StringBuilder()
          .append("\n\n  SeqWatch generated its API keys. They are shown this once: store them now.\n");
      for (GeneratedKeys.Fresh fresh : loaded.fresh()) {
        message.append("\n    ").append(fresh.name()).append(" key: ").append(fresh.key().encoded())
            .append("\n      the same as id:secret, for the api_key setting of Beats, Elastic Agent and Logstash: ")
            .append(fresh.key().idAndSecret()).append('\n');
      }
      message.append("\n  Send a key as  Authorization: ApiKey <key>  or  X-API-Key: <key>, for example\n")
          .append("    curl -H \"Authorization: ApiKey <admin key>\" http://localhost:8080/api/v1/alerts\n")
          .append("  The analyst console is at /console/ on this server (http://localhost:8080/console/ by default).\n")
          .append("  Only their SHA-256 hashes are kept, in ").append(loaded.file()).append(".\n")
          .append("  To replace them, configure seqwatch.security.api-keys, or delete that file and restart.\n");
      log.warn(message.toString());
    }
    return loaded.ring();
  }
}
