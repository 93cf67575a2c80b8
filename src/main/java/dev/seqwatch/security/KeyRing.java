package dev.seqwatch.security;

import java.util.Map;
import java.util.Optional;

/**
 * The API keys SeqWatch accepts, by the hash of the key. Looking a key up by its hash, rather
 * than comparing it with each stored key, keeps the lookup's time independent of how much of a
 * guess is right: the caller cannot steer the hash.
 *
 * @param byHash the holder of each key, by {@link KeyHash} of the key
 * @param origin where the keys came from, for the logs and {@code /actuator/info}
 */
record KeyRing(Map<String, KeyHolder> byHash, Origin origin) {

  /** Configured in {@code seqwatch.security.api-keys}, or generated on first start. */
  enum Origin { CONFIGURED, GENERATED }

  KeyRing {
    byHash = Map.copyOf(byHash);
  }

  Optional<KeyHolder> find(String key) {
    return Optional.ofNullable(byHash.get(KeyHash.of(key)));
  }
}
