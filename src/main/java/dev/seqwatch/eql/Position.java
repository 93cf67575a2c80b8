package dev.seqwatch.eql;

/** Where a construct starts in the query text, 1-based, so later stages can report errors there. */
public record Position(int line, int column) {
}
