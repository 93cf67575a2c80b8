package dev.seqwatch.sequence;

import java.util.List;

/**
 * Receives detections the engine makes outside any call to {@link DetectionEngine#process}: chains
 * with missing stages confirmed when their key's state expires (semantics §11). Register one with
 * {@link DetectionEngine#onExpiry}; it should store and publish them as it would a request's.
 */
@FunctionalInterface
public interface DetectionListener {

  /** Called with the detections of one expired key, never empty. */
  void detected(List<Detection> detections);
}
