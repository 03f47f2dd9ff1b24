package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Initial sequence numbers: RFC 9293 §3.4.1. */
class IsnTest {

    private final IsnGenerator isn = new IsnGenerator(11, 22);

    @Test
    @DisplayName("§3.4.1, MUST-8: the ISN follows a clock that ticks every 4 µs")
    void isn_advancesWithTheClock() {
        int at0 = isn.isn(1, 2, 3, 4, 0);
        assertEquals(250_000, isn.isn(1, 2, 3, 4, 1000) - at0);
    }

    @Test
    @DisplayName("§3.4.1, SHLD-1: a keyed hash of the four-tuple makes ISNs differ per connection")
    void isn_differsPerFourTuple() {
        assertNotEquals(isn.isn(1, 2, 3, 4, 0), isn.isn(1, 2, 3, 5, 0));
        assertNotEquals(isn.isn(1, 2, 3, 4, 0), isn.isn(1, 3, 3, 4, 0));
    }

    @Test
    @DisplayName("§3.4.1, SHLD-1: without the secret key the ISN cannot be predicted")
    void isn_dependsOnTheSecret() {
        assertNotEquals(isn.isn(1, 2, 3, 4, 0), new IsnGenerator(11, 23).isn(1, 2, 3, 4, 0));
    }

    /**
     * An attacker who opens connections of its own, from neighbouring ports at the same moment,
     * learns nothing of the ISN of another four-tuple (RFC 5961 §1, RFC 6528 §3): the ISNs of
     * 65,536 neighbouring four-tuples, and the steps between neighbours, fall evenly into 256
     * buckets (Pearson's chi-square below 330.5, the 0.1 % critical value for 255 degrees of
     * freedom), and changing the port by one flips each of the 32 bits about half the time. The
     * inputs and the key are fixed, so the test gives the same answer every run.
     */
    @Test
    @DisplayName("§3.4.1, SHLD-1: ISNs of neighbouring four-tuples at one moment are uniform and unrelated")
    void isn_ofNeighbouringFourTuplesIsNotPredictable() {
        int n = 1 << 16;
        long[] byValue = new long[256];
        long[] byStep = new long[256];
        long[] flips = new long[32];
        int previous = isn.isn(0x0A000001, 80, 0x0A000002, 0, 5_000);
        for (int port = 1; port < n; port++) {
            int now = isn.isn(0x0A000001, 80, 0x0A000002, port, 5_000);
            byValue[now >>> 24]++;
            byStep[(now - previous) >>> 24]++;
            for (int bit = 0; bit < 32; bit++) {
                flips[bit] += ((now ^ previous) >>> bit) & 1;
            }
            previous = now;
        }
        assertTrue(chiSquare(byValue) < 330.5, "ISNs bunch up: chi-square " + chiSquare(byValue));
        assertTrue(chiSquare(byStep) < 330.5, "steps between neighbours bunch up: chi-square " + chiSquare(byStep));
        for (int bit = 0; bit < 32; bit++) {
            double share = flips[bit] / (double) (n - 1);
            assertTrue(Math.abs(share - 0.5) < 0.01, "bit " + bit + " flips in " + share + " of neighbours");
        }
    }

    private static double chiSquare(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = total / (double) counts.length;
        double x = 0;
        for (long c : counts) {
            x += (c - expected) * (c - expected) / expected;
        }
        return x;
    }

    @Test
    @DisplayName("the keyed hash is SipHash-2-4: the reference vector for a 16-octet message")
    void sipHash_matchesReferenceVector() {
        IsnGenerator reference = new IsnGenerator(0x0706050403020100L, 0x0F0E0D0C0B0A0908L);
        assertEquals(0x3F2ACC7F57C29BDBL, reference.sipHash24(0x0706050403020100L, 0x0F0E0D0C0B0A0908L));
    }
}
