package tcpconform.stack.buffer;

/**
 * The send side's octets, from the oldest unacknowledged one to the last one the application
 * wrote: a ring, so that retransmission re-reads the data instead of keeping copies of
 * segments (RFC 9293 §3.8.1 "retransmission queue"). Allocation-free after construction.
 */
public final class SendBuffer {

    private final byte[] ring;
    private int head;
    private int size;

    public SendBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("send buffer capacity must be positive: " + capacity);
        }
        ring = new byte[capacity];
    }

    private SendBuffer() {
        ring = new byte[0];
    }

    /** A buffer that holds nothing, for a connection that will send no more. */
    public static SendBuffer empty() {
        return new SendBuffer();
    }

    public int capacity() {
        return ring.length;
    }

    /** Octets held: unacknowledged plus not yet sent. */
    public int size() {
        return size;
    }

    public int free() {
        return ring.length - size;
    }

    /** Appends as much of {@code src[off, off+len)} as fits; returns how much was taken. */
    public int write(byte[] src, int off, int len) {
        int n = Math.min(len, free());
        if (n == 0) {
            return 0;
        }
        int tail = (head + size) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(src, off, ring, tail, first);
        System.arraycopy(src, off + first, ring, 0, n - first);
        size += n;
        return n;
    }

    /** Copies {@code len} octets starting {@code offset} octets after the oldest one. */
    public void copy(int offset, byte[] dst, int dstOff, int len) {
        if (offset < 0 || len < 0 || offset + len > size) {
            throw new IndexOutOfBoundsException("copy " + offset + "+" + len + " of " + size);
        }
        if (len == 0) {
            return;
        }
        int start = (head + offset) % ring.length;
        int first = Math.min(len, ring.length - start);
        System.arraycopy(ring, start, dst, dstOff, first);
        System.arraycopy(ring, 0, dst, dstOff + first, len - first);
    }

    /** Forgets the {@code n} oldest octets, once they are acknowledged. */
    public void release(int n) {
        if (n < 0 || n > size) {
            throw new IndexOutOfBoundsException("release " + n + " of " + size);
        }
        if (n == 0) {
            return;
        }
        head = (head + n) % ring.length;
        size -= n;
    }

    public void clear() {
        head = 0;
        size = 0;
    }
}
