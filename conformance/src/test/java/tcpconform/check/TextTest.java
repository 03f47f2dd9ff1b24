package tcpconform.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The line builder of the trajectories: what StringBuilder would have written. */
class TextTest {

    @Test
    @DisplayName("Numbers are written in decimal, negative ones and the extremes too")
    void numbersAreWrittenInDecimal() {
        for (long v : new long[] {0, 7, 10, 4294967295L, -1, -10, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(Long.toString(v), new Text().add(v).toString());
        }
    }

    @Test
    @DisplayName("A number in a width is right-aligned, and a longer one is not cut")
    void aNumberInAWidthIsRightAligned() {
        assertEquals("      3|", new Text().add(3, 7).add('|').toString());
        assertEquals("1000049|", new Text().add(1_000_049, 7).add('|').toString());
        assertEquals("12345678|", new Text().add(12_345_678, 7).add('|').toString());
    }

    @Test
    @DisplayName("A line longer than the first buffer, with characters beyond ASCII, comes out whole")
    void aLongLineComesOutWhole() {
        Text t = new Text();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            t.add("RFC 9293 §3.10.7.4 — ").add(i, 4).add(' ');
            expected.append("RFC 9293 §3.10.7.4 — ").append(String.format("%4d", i)).append(' ');
        }
        assertEquals(expected.toString(), t.toString());
    }
}
