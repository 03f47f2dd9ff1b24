package tcpconform.stack.seq;

/**
 * 32-bit sequence numbers compared modulo 2^32 (RFC 9293 §3.4, MUST-1). The stack keeps them in
 * an {@code int} and compares by the sign of the difference, the classic serial-number rule;
 * it shares nothing with the model, which uses {@code long} values on purpose.
 */
public final class SeqNum {

    private SeqNum() {
    }

    /** {@code a} before {@code b}. */
    public static boolean before(int a, int b) {
        return a - b < 0;
    }

    /** {@code a} before or at {@code b}. */
    public static boolean beforeOrAt(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a} after {@code b}. */
    public static boolean after(int a, int b) {
        return a - b > 0;
    }

    /** {@code low <= x < low + size} (size as an unsigned window). */
    public static boolean inWindow(int x, int low, int size) {
        return Integer.compareUnsigned(x - low, size) < 0;
    }
}
