package io.threadwire.serialize.marked;

import io.threadwire.core.Message;
import io.threadwire.core.ThreadRef;

/** A marked record, admitted with no configuration. */
@Message
public record Greeting(String text, ThreadRef from) {
}
