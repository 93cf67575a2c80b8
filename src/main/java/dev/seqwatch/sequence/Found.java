package dev.seqwatch.sequence;

/** A chain a key's state has just reported: its events in stage order, its id, what it revises. */
record Found(Candidate[] chain, String alertId, String revises) {
}
