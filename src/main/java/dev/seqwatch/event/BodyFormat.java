package dev.seqwatch.event;

/** How events are laid out in a request body. */
public enum BodyFormat {
  /** One JSON object, or a JSON array of objects. */
  JSON,
  /** One JSON object a line ({@code application/x-ndjson}). */
  NDJSON
}
