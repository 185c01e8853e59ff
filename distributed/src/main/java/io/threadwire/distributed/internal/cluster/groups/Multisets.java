package io.threadwire.distributed.internal.cluster.groups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lists as multisets: what a group's entries gained or lost between two views. */
final class Multisets {
    private Multisets() {
    }

    /** The entries of {@code a} left after taking out one per entry of {@code b}, in {@code a}'s order. */
    static <T> List<T> minus(List<T> a, List<T> b) {
        Map<T, Integer> counts = new HashMap<>();
        for (T t : b) {
            counts.merge(t, 1, Integer::sum);
        }
        List<T> rest = new ArrayList<>();
        for (T t : a) {
            Integer n = counts.get(t);
            if (n == null || n == 0) {
                rest.add(t);
            } else {
                counts.put(t, n - 1);
            }
        }
        return rest;
    }
}
