package dev.seqwatch.security;

import java.util.Map;
import java.util.Optional;

/**
 * The API keys SeqWatch accepts, by the hash of the key. Looking a key up by its hash, rather
 * than comparing it with each stored key, keeps the lookup's time independent of how much of a
 * guess is right: the caller cannot steer the hash.
 *
 * @param byHash the holder of each key, by {@link KeyHash} of the key
 */
record KeyRing(Map<String, KeyHolder> byHash) {

  KeyRing {
    byHash = Map.copyOf(byHash);
  }

  Optional<KeyHolder> find(String key) {
    return Optional.ofNullable(byHash.get(KeyHash.of(key)));
  }
}
