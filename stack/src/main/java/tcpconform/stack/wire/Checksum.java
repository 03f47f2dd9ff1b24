package tcpconform.stack.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071), used by IPv4 and TCP (RFC 9293 §3.1, MUST-2, MUST-3).
 *
 * <p>Sums sixteen octets at a time into two {@code long}s, each eight octets read little-endian
 * (the byte order of the machines this runs on, so reading costs no swap): the ones' complement
 * sum does not depend on the order of the octets in a word (RFC 1071 §2(B)), so the sum of the
 * words read little-endian is the sum of the words read big-endian with its two octets swapped,
 * which {@link #add} swaps back once. Adding the
 * 32-bit halves of a {@code long} gives the same ones' complement sum as adding its 16-bit words,
 * because that sum is associative and the carries are folded in at the end.
 */
public final class Checksum {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Checksum() {
    }

    /**
     * Adds {@code len} octets of {@code b} from {@code off}, as 16-bit words starting there, to the
     * running sum {@code acc} (an odd last octet is padded with a zero, RFC 9293 §3.1).
     */
    public static long add(byte[] b, int off, int len, long acc) {
        int i = off;
        int end = off + len;
        long even = 0;
        long odd = 0;
        for (; i + 16 <= end; i += 16) {
            long x = (long) LONGS.get(b, i);
            long y = (long) LONGS.get(b, i + 8);
            even += (x >>> 32) + (x & 0xFFFF_FFFFL);
            odd += (y >>> 32) + (y & 0xFFFF_FFFFL);
        }
        long swapped = even + odd;
        if (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            swapped += (x >>> 32) + (x & 0xFFFF_FFFFL);
            i += 8;
        }
        for (; i + 2 <= end; i += 2) {
            swapped += (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
        }
        if (i < end) {
            swapped += b[i] & 0xFF;
        }
        long folded = fold(swapped);
        return acc + (((folded & 0xFF) << 8) | (folded >>> 8));
    }

    /** Folds a running sum to 16 bits and complements it: the value to put on the wire. */
    public static int finish(long acc) {
        return (int) (~fold(acc) & 0xFFFF);
    }

    /** The ones' complement sum in 16 bits: the carries added back in. */
    private static long fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return acc;
    }
}
