package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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

    @Test
    @DisplayName("the keyed hash is SipHash-2-4: the reference vector for a 16-octet message")
    void sipHash_matchesReferenceVector() {
        IsnGenerator reference = new IsnGenerator(0x0706050403020100L, 0x0F0E0D0C0B0A0908L);
        assertEquals(0x3F2ACC7F57C29BDBL, reference.sipHash24(0x0706050403020100L, 0x0F0E0D0C0B0A0908L));
    }
}
