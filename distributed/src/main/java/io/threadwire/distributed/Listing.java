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

    @Override
    public T get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
