package io.threadwire.serialize.peer;

/** An application enum that travels by name. */
public enum PeerLevel { LOW, HIGH }
