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
    /** Out-of-order data, as offsets from RCV.NXT. */
    private final RangeSet ranges = new RangeSet(MAX_RANGES);
    /** Where the most recently stored out-of-order segment starts (for SACK's first block), or -1. */
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
        if (start > 0 && !ranges.canAdd(start, end)) {
            return 0;
        }
        int at = (head + readable + start) % ring.length;
        int n = end - start;
        int first = Math.min(n, ring.length - at);
        System.arraycopy(src, off + (start - offset), ring, at, first);
        System.arraycopy(src, off + (start - offset) + first, ring, 0, n - first);
        if (start > 0) {
            ranges.add(start, end);
            latestStart = start;
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

    /** Out-of-order data held: offsets from RCV.NXT. */
    public RangeSet outOfOrder() {
        return ranges;
    }

    /** Index of the range that holds the latest out-of-order segment, or -1. */
    public int latestRange() {
        return latestStart < 0 ? -1 : ranges.indexOf(latestStart);
    }

    /** Forgets the out-of-order data; the in-order octets stay for the application. */
    public void dropOutOfOrder() {
        ranges.clear();
        latestStart = -1;
    }

    public void clear() {
        head = 0;
        readable = 0;
        ranges.clear();
        latestStart = -1;
    }

    /** In-order data now reaches {@code end}: absorb the ranges it joins, and move the origin. */
    private int advance(int end) {
        int reach = end;
        ranges.shift(end);
        while (ranges.count() > 0 && ranges.start(0) == 0) {
            int more = ranges.end(0);
            reach += more;
            ranges.shift(more);
        }
        latestStart = latestStart >= reach ? latestStart - reach : -1;
        readable += reach;
        return reach;
    }
}
