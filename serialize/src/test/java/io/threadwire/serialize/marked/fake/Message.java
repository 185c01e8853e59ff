package io.threadwire.serialize.marked.fake;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** An annotation named like threadwire's marker, in another package: it admits nothing. */
@Retention(RetentionPolicy.RUNTIME)
public @interface Message {
}
