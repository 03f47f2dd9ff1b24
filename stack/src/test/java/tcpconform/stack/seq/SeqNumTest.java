package tcpconform.stack.seq;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 9293 §3.4: sequence number comparison modulo 2^32")
class SeqNumTest {

    @Test
    void aNumberJustPastTheWrapIsAfterOneJustBeforeIt() {
        assertTrue(SeqNum.after(5, 0xFFFF_FFF0));
        assertTrue(SeqNum.before(0xFFFF_FFF0, 5));
    }

    @Test
    void aNumberIsNotBeforeItself() {
        assertFalse(SeqNum.before(7, 7));
        assertTrue(SeqNum.beforeOrAt(7, 7));
    }

    @Test
    void aWindowThatStraddlesTheWrapContainsBothEnds() {
        assertTrue(SeqNum.inWindow(0xFFFF_FFFF, 0xFFFF_FFF0, 100));
        assertTrue(SeqNum.inWindow(3, 0xFFFF_FFF0, 100));
        assertFalse(SeqNum.inWindow(0xFFFF_FFEF, 0xFFFF_FFF0, 100));
    }
}
