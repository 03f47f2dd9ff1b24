package tcpconform.check;

import java.util.Arrays;

/**
 * A line of text put together from strings and numbers: what {@link StringBuilder} does, with
 * much less code. A check writes a trajectory line for every change of state, tens of thousands
 * in a large capture, so this code is compiled by the JIT while the check runs, on the same two
 * processors; {@code StringBuilder}'s appends compile to several times as much machine code
 * (docs/benchmarks.md, "Checking captures").
 */
final class Text {

    private char[] chars = new char[160];
    private int length;

    Text add(String s) {
        int n = s.length();
        room(n);
        s.getChars(0, n, chars, length);
        length += n;
        return this;
    }

    Text add(char c) {
        room(1);
        chars[length++] = c;
        return this;
    }

    /** A number in decimal. */
    Text add(long v) {
        room(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return add(Long.toString(v));
            }
            chars[length++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            chars[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** A number in decimal, right-aligned in {@code width} characters. */
    Text add(long v, int width) {
        int start = length;
        add(v);
        int pad = width - (length - start);
        if (pad > 0) {
            room(pad);
            System.arraycopy(chars, start, chars, start + pad, length - start);
            Arrays.fill(chars, start, start + pad, ' ');
            length += pad;
        }
        return this;
    }

    private void room(int n) {
        if (length + n > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + n));
        }
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
