package io.threadwire.serialize.internal;

/**
 * A serializer that charges what it decodes to the message's decoded size itself, before
 * allocating it; {@code GuardedKryo} charges the objects of every other serializer after they
 * are made.
 */
interface ChargesItself {
}
