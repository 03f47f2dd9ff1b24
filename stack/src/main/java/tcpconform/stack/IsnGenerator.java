package tcpconform.stack;

/**
 * Initial sequence numbers per RFC 9293 §3.4.1 (MUST-8, SHLD-1) and RFC 6528:
 * ISN = M + F(localip, localport, remoteip, remoteport, secretkey), where M is a clock that
 * ticks every 4 microseconds and F is SipHash-2-4 keyed with a secret the stack's creator
 * supplies. The time comes from the caller; nothing here reads a clock or a random source.
 * The same hash gives each connection its timestamp offset (RFC 7323 §5.4).
 */
public final class IsnGenerator {

    private final long k0;
    private final long k1;

    public IsnGenerator(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The ISN for a connection opened at {@code nowMillis}. */
    public int isn(int localAddress, int localPort, int remoteAddress, int remotePort, long nowMillis) {
        long m = nowMillis * 250; // 4 µs ticks
        return (int) (m + hash(localAddress, localPort, remoteAddress, remotePort, 0));
    }

    /** A per-connection offset for TSval, so that timestamps do not reveal uptime. */
    int timestampOffset(int localAddress, int localPort, int remoteAddress, int remotePort) {
        return (int) hash(localAddress, localPort, remoteAddress, remotePort, 1);
    }

    private long hash(int localAddress, int localPort, int remoteAddress, int remotePort, int purpose) {
        long m0 = ((long) localAddress << 32) | (remoteAddress & 0xFFFF_FFFFL);
        long m1 = ((long) (localPort & 0xFFFF) << 48) | ((long) (remotePort & 0xFFFF) << 32)
                | (purpose & 0xFFFF_FFFFL);
        return sipHash24(m0, m1);
    }

    /**
     * The keyed hash a SYN cookie carries (RFC 4987 §3.6): of the four-tuple, the peer's ISN and
     * what the cookie encodes besides (its time counter and MSS index), so that none of them can
     * be changed without the secret.
     */
    long cookieHash(int localAddress, int localPort, int remoteAddress, int remotePort, int peerIsn, int encoded) {
        long m0 = ((long) localAddress << 32) | (remoteAddress & 0xFFFF_FFFFL);
        long m1 = ((long) (localPort & 0xFFFF) << 48) | ((long) (remotePort & 0xFFFF) << 32) | 2;
        long m2 = ((long) peerIsn << 32) | (encoded & 0xFFFF_FFFFL);
        return sipHash24(m0, m1, m2);
    }

    /** SipHash-2-4 of 64-bit words (8 octets each), written from the SipHash paper. */
    long sipHash24(long... words) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        long[] v = {v0, v1, v2, v3};
        for (long m : words) {
            compress(v, m);
        }
        compress(v, (long) (8 * words.length) << 56); // final block: the message length in the top octet
        v[2] ^= 0xFF;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void compress(long[] v, long m) {
        v[3] ^= m;
        round(v);
        round(v);
        v[0] ^= m;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
