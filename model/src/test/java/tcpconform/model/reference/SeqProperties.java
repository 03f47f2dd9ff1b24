package tcpconform.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** RFC 9293 §3.4: sequence arithmetic modulo 2^32, across wrap-around. */
class SeqProperties {

    @Property
    void aNumberAdvancedByLessThanHalfTheSpaceIsAfterIt(
            @ForAll @LongRange(min = 0, max = Seq.SPACE - 1) long a,
            @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int n) {
        long b = Seq.add(a, n);
        assertTrue(Seq.valid(b));
        assertTrue(Seq.lt(a, b));
        assertFalse(Seq.lt(b, a));
        assertEquals(n, Seq.distance(a, b));
    }

    @Property
    void addingThenSubtractingGivesTheNumberBack(
            @ForAll @LongRange(min = 0, max = Seq.SPACE - 1) long a,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int n) {
        assertEquals(a, Seq.add(Seq.add(a, n), -n));
    }

    @Property
    void aWindowContainsExactlyItsSizeOfNumbers(
            @ForAll @LongRange(min = Seq.SPACE - 100, max = Seq.SPACE - 1) long low,
            @ForAll @IntRange(min = 0, max = 300) int offset) {
        int size = 150;
        assertEquals(offset < size, Seq.inWindow(Seq.add(low, offset), low, size));
    }
}
