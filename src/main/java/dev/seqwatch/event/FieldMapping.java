package dev.seqwatch.event;

/**
 * The mapping of one field: its type, the longest keyword value Elasticsearch would index
 * ({@code ignore_above}; longer values are neither searchable nor in doc values, so they behave as
 * absent) and the value indexed in place of a JSON null ({@code null_value}), or null for none.
 */
public record FieldMapping(FieldType type, int ignoreAbove, String nullValue) {

  /** No limit on keyword length. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** Elasticsearch's dynamic mapping for a field it has not seen: its keyword sub-field stops at 256. */
  public static final FieldMapping DYNAMIC = new FieldMapping(FieldType.DYNAMIC, 256, null);

  public static FieldMapping of(FieldType type) {
    return new FieldMapping(type, UNLIMITED, null);
  }
}
