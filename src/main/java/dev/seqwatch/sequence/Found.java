package dev.seqwatch.sequence;

import java.util.List;

/**
 * A chain a key's state has just reported: its events in stage order, its id, and the reported
 * chains it replaces (newest first; usually none, rarely more than one).
 */
record Found(Candidate[] chain, String alertId, List<String> revises) {
}
