package io.threadwire.serialize.peer;

import java.util.List;

/** A record of the package the tests allow by name, not registered anywhere. */
public record PeerNote(String text, List<PeerLevel> levels) {
}
