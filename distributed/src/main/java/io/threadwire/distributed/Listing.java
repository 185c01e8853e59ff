package io.threadwire.distributed;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * What a node service listed ({@link RemoteNode}): an unmodifiable list of the entries it sent,
 * in its order, that also says whether it left some out. A node sends at most {@link #MAX}
 * entries in one listing, so that an answer stays bounded however much it holds; a listing it
 * cut is {@link #truncated()}, and its entries are then the first {@code MAX} in its order.
 *
 * <p>Equality: two listings are equal when they hold equal entries in the same order and are
 * both truncated or both complete: a cut listing is not the same answer as a complete one with
 * the same entries. Compared with any other {@link List}, a listing is equal to it when the
 * entries are, as {@link List#equals} asks, so that {@code List.of("a").equals(listing)} and
 * {@code listing.equals(List.of("a"))} agree; {@link #hashCode} is therefore the list's hash of
 * the entries (equal for a cut and a complete listing of the same entries, as a hash may be).
 * The price: equality is not transitive through a plain list (a cut and a complete listing are
 * both equal to the plain list of their entries, not to each other); compare listings with
 * listings, or their entries with {@code List.copyOf(listing)}.
 *
 * @param <T> the entries' type
 */
public final class Listing<T> extends AbstractList<T> implements RandomAccess {
    /** The most entries a node sends in one listing. */
    public static final int MAX = 10_000;

    private final List<T> items;
    private final boolean truncated;

    Listing(List<T> items, boolean truncated) {
        this.items = List.copyOf(Objects.requireNonNull(items, "items"));
        this.truncated = truncated;
    }

    /** Whether the node holds more entries than this listing has (it sent only the first ones). */
    public boolean truncated() {
        return truncated;
    }

    /**
     * The first {@code limit} entries, truncated if any were left out here or by the node.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public Listing<T> first(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return limit >= items.size() ? this : new Listing<>(items.subList(0, limit), true);
    }

    /** Whether {@code o} is a list of equal entries, and, if it is a listing, one as truncated as this one. */
    @Override
    public boolean equals(Object o) {
        if (o instanceof Listing<?> other && other.truncated != truncated) {
            return false;
        }
        return super.equals(o);
    }

    /** The hash {@link List#hashCode} gives for the entries (as any list equal to this one has). */
    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public T get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
