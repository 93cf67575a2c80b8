package dev.seqwatch.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The one user the Elasticsearch-compatible endpoints accept through {@code Authorization: Basic},
 * for shippers configured with {@code username} and {@code password}. Its role is ingest.
 *
 * <p>A password, unlike a generated key, may be guessable, so it is kept as a bcrypt hash. Bcrypt
 * is deliberately slow, and shippers send the password with every request; a verified
 * credential is therefore remembered for a few minutes by its SHA-256, in memory only, so the slow
 * hash runs once per shipper rather than once per batch.
 */
final class BasicUser {

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
  private static final Duration REMEMBERED = Duration.ofMinutes(5);

  private final String username;
  private final String passwordHash;
  private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
  private final Cache<String, Boolean> verified = Caffeine.newBuilder()
      .maximumSize(1_000).expireAfterWrite(REMEMBERED).build();

  private BasicUser(String username, String passwordHash) {
    this.username = username;
    this.passwordHash = passwordHash;
  }

  /** The configured user, or none when either setting is blank. */
  static Optional<BasicUser> of(String username, String passwordHash) {
    if (username == null || username.isBlank() || passwordHash == null || passwordHash.isBlank()) {
      return Optional.empty();
    }
    String hash = passwordHash.trim().startsWith("{bcrypt}") ? passwordHash.trim().substring(8) : passwordHash.trim();
    if (!BCRYPT.matcher(hash).matches()) {
      throw new SecuritySettingsException("seqwatch.security.basic.password-hash: expected a bcrypt hash such as"
          + " $2a$10$..., made with htpasswd -nbBC 10 \"\" \"$PASSWORD\" | cut -d: -f2; never the password itself");
    }
    return Optional.of(new BasicUser(username, hash));
  }

  String username() {
    return username;
  }

  Optional<KeyHolder> check(String user, String password) {
    String remembered = HexFormat.of().formatHex(KeyHash.sha256(user + '\0' + password));
    if (verified.getIfPresent(remembered) == null) {
      if (!username.equals(user) || !bcrypt.matches(password, passwordHash)) {
        return Optional.empty();
      }
      verified.put(remembered, Boolean.TRUE);
    }
    return Optional.of(new KeyHolder(username, Set.of(Role.INGEST)));
  }
}
