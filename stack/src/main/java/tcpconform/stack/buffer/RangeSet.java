package tcpconform.stack.buffer;

/**
 * Disjoint ranges [start, end) of offsets from a moving origin, sorted, with overlapping or
 * touching ranges merged, held in fixed arrays (no allocation after construction). The receive
 * buffer keeps its out-of-order segments in one (SHLD-31); the SACK scoreboard keeps what the
 * peer reported holding in another (RFC 2018, RFC 6675).
 */
public final class RangeSet {

    private final int[] starts;
    private final int[] ends;
    private int count;

    public RangeSet(int capacity) {
        starts = new int[capacity];
        ends = new int[capacity];
    }

    public int count() {
        return count;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    /** The index of the range that holds {@code offset}, or -1. */
    public int indexOf(int offset) {
        for (int i = 0; i < count; i++) {
            if (starts[i] <= offset && offset < ends[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@link #add} would take [start, end): there is room, or it merges with a range held. */
    public boolean canAdd(int start, int end) {
        if (count < starts.length) {
            return true;
        }
        for (int i = 0; i < count; i++) {
            if (start <= ends[i] && starts[i] <= end) {
                return true;
            }
        }
        return false;
    }

    /** Adds [start, end), merging; returns false, changing nothing, when {@link #canAdd} is false. */
    public boolean add(int start, int end) {
        if (!canAdd(start, end)) {
            return false;
        }
        int i = 0;
        while (i < count && ends[i] < start) {
            i++;
        }
        int j = i;
        int s = start;
        int e = end;
        while (j < count && starts[j] <= end) {
            s = Math.min(s, starts[j]);
            e = Math.max(e, ends[j]);
            j++;
        }
        int merged = j - i;
        if (merged == 0) {
            System.arraycopy(starts, i, starts, i + 1, count - i);
            System.arraycopy(ends, i, ends, i + 1, count - i);
            count++;
        } else if (merged > 1) {
            System.arraycopy(starts, j, starts, i + 1, count - j);
            System.arraycopy(ends, j, ends, i + 1, count - j);
            count -= merged - 1;
        }
        starts[i] = s;
        ends[i] = e;
        return true;
    }

    /**
     * The origin moves forward by {@code by}: every offset drops by it, and what falls below the
     * new origin is forgotten.
     */
    public void shift(int by) {
        int keep = 0;
        for (int i = 0; i < count; i++) {
            int e = ends[i] - by;
            if (e > 0) {
                starts[keep] = Math.max(starts[i] - by, 0);
                ends[keep] = e;
                keep++;
            }
        }
        count = keep;
    }

    public void clear() {
        count = 0;
    }
}
