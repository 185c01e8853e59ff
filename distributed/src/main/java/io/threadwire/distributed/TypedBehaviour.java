package io.threadwire.distributed;

/**
 * A {@link Behaviour} that takes arguments of one type
 * ({@link Node#spawnable(String, Class, TypedBehaviour)}): a spawn whose arguments are of
 * another type is refused before any thread starts
 * ({@link RemoteSpawnException.Reason#ARGUMENTS_REFUSED}).
 *
 * @param <A> the type of the arguments
 */
@FunctionalInterface
public interface TypedBehaviour<A> {
    /** The body of the new thread. */
    void run(A args) throws Exception;
}
