package tcpconform.stack.buffer;

/**
 * The receive side's octets: those in order, waiting for the application, followed by the
 * receive window, where segments that arrive out of order are kept until the gap before them
 * fills (RFC 9293 §3.10.7.4, SHLD-31). Offsets are counted from the first octet after the
 * in-order ones, that is from RCV.NXT. At most {@link #MAX_RANGES} separate out-of-order ranges
 * are kept; a segment that would need more is not stored, and the sender will retransmit it.
 * Allocation-free after construction.
 */
public final class ReceiveBuffer {

    public static final int MAX_RANGES = 32;

    private final byte[] ring;
    private int head;
    private int readable;
    /** Out-of-order ranges [start, end), relative to RCV.NXT, sorted, disjoint, not adjacent. */
    private final int[] starts = new int[MAX_RANGES];
    private final int[] ends = new int[MAX_RANGES];
    private int ranges;
    /** The range that holds the most recently stored segment (for SACK's first block), or -1. */
    private int latestStart = -1;

    public ReceiveBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("receive buffer capacity must be positive: " + capacity);
        }
        ring = new byte[capacity];
    }

    private ReceiveBuffer() {
        ring = new byte[0];
    }

    /** A buffer that holds nothing and offers no window, for a connection that receives no more. */
    public static ReceiveBuffer empty() {
        return new ReceiveBuffer();
    }

    public int capacity() {
        return ring.length;
    }

    /** In-order octets the application has not read. */
    public int readable() {
        return readable;
    }

    /** Room after the in-order octets: the most the receive window may offer. */
    public int space() {
        return ring.length - readable;
    }

    /**
     * Stores the part of {@code src[off, off+len)}, which begins {@code offset} octets after
     * RCV.NXT, that lies inside {@code [0, space())}; returns by how much the in-order octets
     * grew (the amount to advance RCV.NXT by).
     */
    public int write(int offset, byte[] src, int off, int len) {
        int start = Math.max(offset, 0);
        int end = (int) Math.min((long) offset + len, space());
        if (end <= start) {
            return 0;
        }
        if (start > 0 && !canRecord(start, end)) {
            return 0;
        }
        int at = (head + readable + start) % ring.length;
        int n = end - start;
        int first = Math.min(n, ring.length - at);
        System.arraycopy(src, off + (start - offset), ring, at, first);
        System.arraycopy(src, off + (start - offset) + first, ring, 0, n - first);
        if (start > 0) {
            record(start, end);
            return 0;
        }
        return advance(end);
    }

    /** Copies up to {@code len} in-order octets out and frees them; returns how many. */
    public int read(byte[] dst, int off, int len) {
        int n = Math.min(len, readable);
        if (n == 0) {
            return 0;
        }
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, dst, off, first);
        System.arraycopy(ring, 0, dst, off + first, n - first);
        head = (head + n) % ring.length;
        readable -= n;
        return n;
    }

    /** Number of out-of-order ranges held. */
    public int ranges() {
        return ranges;
    }

    public int rangeStart(int i) {
        return starts[i];
    }

    public int rangeEnd(int i) {
        return ends[i];
    }

    /** Index of the range that received the latest out-of-order segment, or -1. */
    public int latestRange() {
        for (int i = 0; i < ranges; i++) {
            if (starts[i] <= latestStart && latestStart < ends[i]) {
                return i;
            }
        }
        return -1;
    }

    public void clear() {
        head = 0;
        readable = 0;
        ranges = 0;
        latestStart = -1;
    }

    private int advance(int end) {
        int reach = end;
        int consumed = 0;
        while (consumed < ranges && starts[consumed] <= reach) {
            reach = Math.max(reach, ends[consumed]);
            consumed++;
        }
        removeFirst(consumed);
        for (int i = 0; i < ranges; i++) {
            starts[i] -= reach;
            ends[i] -= reach;
        }
        latestStart = latestStart >= reach ? latestStart - reach : -1;
        readable += reach;
        return reach;
    }

    private boolean canRecord(int start, int end) {
        if (ranges < MAX_RANGES) {
            return true;
        }
        for (int i = 0; i < ranges; i++) {
            if (start <= ends[i] && starts[i] <= end) {
                return true; // merges with a range we hold
            }
        }
        return false;
    }

    private void record(int start, int end) {
        latestStart = start;
        int i = 0;
        while (i < ranges && ends[i] < start) {
            i++;
        }
        int j = i;
        int s = start;
        int e = end;
        while (j < ranges && starts[j] <= end) {
            s = Math.min(s, starts[j]);
            e = Math.max(e, ends[j]);
            j++;
        }
        int merged = j - i;
        if (merged == 0) {
            System.arraycopy(starts, i, starts, i + 1, ranges - i);
            System.arraycopy(ends, i, ends, i + 1, ranges - i);
            ranges++;
        } else if (merged > 1) {
            System.arraycopy(starts, j, starts, i + 1, ranges - j);
            System.arraycopy(ends, j, ends, i + 1, ranges - j);
            ranges -= merged - 1;
        }
        starts[i] = s;
        ends[i] = e;
    }

    private void removeFirst(int n) {
        if (n == 0) {
            return;
        }
        System.arraycopy(starts, n, starts, 0, ranges - n);
        System.arraycopy(ends, n, ends, 0, ranges - n);
        ranges -= n;
    }
}
