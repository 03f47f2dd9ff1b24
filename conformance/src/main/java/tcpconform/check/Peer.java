package tcpconform.check;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One end of a four-tuple: an IPv4 or IPv6 address and a port. An IPv4 address is held as its
 * IPv4-mapped IPv6 form, so that both families compare alike.
 */
record Peer(long high, long low, int port) {

    private static final long V4_MAPPED = 0xFFFF00000000L;

    static Peer v4(byte[] b, int at, int port) {
        long a = ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
        return new Peer(0, V4_MAPPED | a, port);
    }

    static Peer v6(byte[] b, int at, int port) {
        return new Peer(longAt(b, at), longAt(b, at + 8), port);
    }

    private static long longAt(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    boolean isV4() {
        return high == 0 && (low >>> 32) == 0xFFFF;
    }

    // Written out rather than left to the record: they run for every packet, and a record's
    // generated ones are slow until the JIT has compiled them.
    @Override
    public boolean equals(Object o) {
        return o instanceof Peer p && p.low == low && p.high == high && p.port == port;
    }

    @Override
    public int hashCode() {
        long h = (high * 31 + low) * 31 + port;
        return (int) (h ^ (h >>> 32));
    }

    /** Orders the two ends of a four-tuple, so that both directions find one key. */
    int compareTo(Peer o) {
        int c = Long.compareUnsigned(high, o.high);
        if (c == 0) {
            c = Long.compareUnsigned(low, o.low);
        }
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    /** tcpdump's notation: {@code 10.0.0.1.80}, {@code 2001:db8::1.443}. */
    @Override
    public String toString() {
        byte[] b;
        if (isV4()) {
            b = new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        } else {
            b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (high >>> (56 - 8 * i));
                b[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress() + "." + port;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + b.length + " octets", e);
        }
    }
}
