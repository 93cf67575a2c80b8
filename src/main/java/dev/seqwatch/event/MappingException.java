package dev.seqwatch.event;

/** A mapping file that cannot be read as an Elasticsearch mapping, with the file it came from. */
public final class MappingException extends RuntimeException {

  private final String origin;

  public MappingException(String origin, String reason) {
    super(origin + ": " + reason);
    this.origin = origin;
  }

  public String origin() {
    return origin;
  }
}
