package tcpconform.stack.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The range set behind out-of-order data and the SACK scoreboard. */
class RangeSetTest {

    private final RangeSet r = new RangeSet(2);

    private String show() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < r.count(); i++) {
            s.append('[').append(r.start(i)).append(',').append(r.end(i)).append(')');
        }
        return s.toString();
    }

    @Test
    @DisplayName("ranges are kept sorted; overlapping and touching ones merge")
    void sortedAndMerged() {
        r.add(10, 20);
        r.add(1, 3);
        assertEquals("[1,3)[10,20)", show());
        r.add(3, 10);
        assertEquals("[1,20)", show());
    }

    @Test
    @DisplayName("when full, a range that merges is taken and one that does not is refused")
    void full_onlyMergesAreTaken() {
        r.add(10, 20);
        r.add(30, 40);
        assertFalse(r.add(50, 60));
        assertEquals("[10,20)[30,40)", show());
        assertTrue(r.add(20, 30));
        assertEquals("[10,40)", show());
    }

    @Test
    @DisplayName("moving the origin forgets what falls below it and clips what straddles it")
    void shift_forgetsAndClips() {
        r.add(2, 5);
        r.add(8, 12);
        r.shift(10);
        assertEquals("[0,2)", show());
        assertEquals(0, r.indexOf(1));
        assertEquals(-1, r.indexOf(2));
    }
}
