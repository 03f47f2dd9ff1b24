package tcpconform.model.reference;

/**
 * Sequence number arithmetic of RFC 9293 §3.4: numbers are 32-bit unsigned and compared modulo
 * 2^32 (MUST-1 treats windows and numbers as unsigned; REC-1 handles them as 32-bit numbers).
 * Values are held in a {@code long} in [0, 2^32).
 */
public final class Seq {

    /** 2^32, the size of the sequence space. */
    public static final long SPACE = 1L << 32;
    private static final long MASK = SPACE - 1;
    private static final long HALF = 1L << 31;

    private Seq() {
    }

    /** {@code a + n} modulo 2^32; {@code n} may be negative. */
    public static long add(long a, long n) {
        return (a + n) & MASK;
    }

    /** The forward distance from {@code from} to {@code to}, in [0, 2^32). */
    public static long distance(long from, long to) {
        return (to - from) & MASK;
    }

    /** {@code a < b} in sequence space: b lies less than 2^31 ahead of a. */
    public static boolean lt(long a, long b) {
        long d = distance(a, b);
        return d != 0 && d < HALF;
    }

    /** {@code a =< b} in sequence space. */
    public static boolean le(long a, long b) {
        return a == b || lt(a, b);
    }

    /** {@code a > b} in sequence space. */
    public static boolean gt(long a, long b) {
        return lt(b, a);
    }

    /** {@code a >= b} in sequence space. */
    public static boolean ge(long a, long b) {
        return le(b, a);
    }

    /** {@code low =< x < low + size}: x lies in the window that starts at low. */
    public static boolean inWindow(long x, long low, long size) {
        return distance(low, x) < size;
    }

    /** Whether a value is a valid 32-bit sequence number. */
    public static boolean valid(long x) {
        return x >= 0 && x < SPACE;
    }
}
