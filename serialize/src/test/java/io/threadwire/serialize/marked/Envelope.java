package io.threadwire.serialize.marked;

import io.threadwire.core.Message;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A marked record holding other marked types: a list and an array of them, and a marked enum. */
@Message
public record Envelope(List<Greeting> greetings, Greeting[] extra, Mood mood) {
    @Override
    public boolean equals(Object o) { // the array component needs content equality
        return o instanceof Envelope e && greetings.equals(e.greetings) && Arrays.equals(extra, e.extra)
                && mood == e.mood;
    }

    @Override
    public int hashCode() {
        return Objects.hash(greetings, mood);
    }
}
