package dev.seqwatch.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A MITRE ATT&CK mapping of a rule, as in {@code [[rule.threat]]}, written with the same keys. */
public record Threat(String framework, Reference tactic,
    @JsonProperty("technique") List<Technique> techniques) {

  public Threat {
    techniques = List.copyOf(techniques);
  }

  /** A tactic: id, name and the URL that defines it. */
  public record Reference(String id, String name, String reference) {
  }

  /** A technique and its sub-techniques. */
  public record Technique(String id, String name, String reference,
      @JsonProperty("subtechnique") List<Reference> subtechniques) {
    public Technique {
      subtechniques = List.copyOf(subtechniques);
    }
  }
}
