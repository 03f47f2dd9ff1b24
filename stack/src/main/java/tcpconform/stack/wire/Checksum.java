package tcpconform.stack.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071), used by IPv4 and TCP (RFC 9293 §3.1, MUST-2, MUST-3).
 * Sums eight octets at a time into a {@code long}; folding the 32-bit halves gives the same
 * ones' complement sum as adding 16-bit words, because that sum is associative.
 */
public final class Checksum {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /** Adds {@code len} octets of {@code b} from {@code off} to the running sum {@code acc}. */
    public static long add(byte[] b, int off, int len, long acc) {
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            acc += (x >>> 32) + (x & 0xFFFF_FFFFL);
        }
        for (; i + 2 <= end; i += 2) {
            acc += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < end) {
            acc += (b[i] & 0xFF) << 8;
        }
        return acc;
    }

    /** Folds a running sum to 16 bits and complements it: the value to put on the wire. */
    public static int finish(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) (~acc & 0xFFFF);
    }
}
