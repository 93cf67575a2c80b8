package dev.seqwatch.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who a valid credential belongs to.
 *
 * @param name the key's name, as configured or generated; what the logs call the caller
 * @param roles what the key may do
 */
record KeyHolder(String name, Set<Role> roles) {

  KeyHolder {
    roles = Set.copyOf(roles);
  }

  /** The authorities to check; admin holds every role's, so one rule per endpoint is enough. */
  List<GrantedAuthority> authorities() {
    Set<Role> granted = roles.contains(Role.ADMIN) ? EnumSet.allOf(Role.class) : EnumSet.copyOf(roles);
    return granted.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority())).toList();
  }
}
