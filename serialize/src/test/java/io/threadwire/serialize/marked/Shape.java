package io.threadwire.serialize.marked;

import io.threadwire.core.Message;

/** A marked sealed interface: the records it permits are admitted without a marker of their own. */
@Message
public sealed interface Shape permits Shape.Circle, Shape.Square {
    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }
}
