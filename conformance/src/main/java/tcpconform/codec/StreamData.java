package tcpconform.codec;

/**
 * What the octets of the two streams of a case are, so that what is delivered can be compared
 * with what was sent (§3.10.7.4, seventh step: segment text goes to the user in sequence). The
 * tester's octets are a function of their sequence number, so every segment it injects, a
 * retransmission or an overlap included, agrees with every other on each octet; the target's
 * application sends a stream whose octets are a function of their offset in it, in other letters.
 */
public final class StreamData {

    private StreamData() {
    }

    /** The octet the tester sends at sequence number {@code seq} (taken modulo 2^32): 'a' to 'z'. */
    public static byte tester(long seq) {
        return (byte) ('a' + (seq & 0xFFFF_FFFFL) % 26);
    }

    /** {@code length} octets of the tester's from sequence number {@code seq}. */
    public static byte[] tester(long seq, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = tester(seq + i);
        }
        return b;
    }

    /** Octet {@code offset} (counted from 0) of what the target's application SENDs: 'A' to 'Z', then '0' to '9'. */
    public static byte application(long offset) {
        int k = (int) (offset % 36);
        return (byte) (k < 26 ? 'A' + k : '0' + k - 26);
    }

    /** {@code length} octets of the application's stream from {@code offset}. */
    public static byte[] application(long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = application(offset + i);
        }
        return b;
    }
}
