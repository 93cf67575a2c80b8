package dev.seqwatch.ruleset;

/** A reload was asked for while another one runs; the caller may ask again. */
final class ReloadInProgressException extends RuntimeException {

  ReloadInProgressException() {
    super("a reload of the rules is already running; try again when it is done");
  }
}
