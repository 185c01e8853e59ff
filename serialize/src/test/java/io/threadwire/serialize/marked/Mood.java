package io.threadwire.serialize.marked;

import io.threadwire.core.Message;

/** A marked enum. */
@Message
public enum Mood { CALM, CROSS }
