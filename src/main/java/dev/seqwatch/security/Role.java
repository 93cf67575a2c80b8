package dev.seqwatch.security;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a key may do: {@code ingest} posts events (the events endpoint and the
 * Elasticsearch-compatible surface), {@code read} browses alerts, rules and tries EQL, and
 * {@code admin} may do all of that and reach the operational endpoints.
 */
public enum Role {
  INGEST, READ, ADMIN;

  /** The Spring Security authority of the role. */
  String authority() {
    return "ROLE_" + name();
  }

  /** Reads a role as configured, in any case. */
  static Role parse(String text, String where) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SecuritySettingsException(where + ": unknown role '" + text + "'; the roles are "
          + Arrays.stream(values()).map(role -> role.name().toLowerCase(Locale.ROOT)).toList());
    }
  }
}
