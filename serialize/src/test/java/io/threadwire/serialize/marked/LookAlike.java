package io.threadwire.serialize.marked;

/** Marked with an annotation that has the marker's simple name but lives in another package. */
@io.threadwire.serialize.marked.fake.Message
public record LookAlike(String text) {
}
