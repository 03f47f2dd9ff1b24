package tcpconform.stack.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The send buffer, which is also the retransmission queue (§3.8.1). */
class SendBufferTest {

    @Test
    @DisplayName("takes only what fits, keeps it until released, and wraps around")
    void writeCopyRelease() {
        SendBuffer b = new SendBuffer(8);
        assertEquals(6, b.write(new byte[] {1, 2, 3, 4, 5, 6}, 0, 6));
        b.release(4);
        assertEquals(6, b.write(new byte[] {7, 8, 9, 10, 11, 12, 13}, 0, 7));
        assertEquals(0, b.free());
        byte[] out = new byte[8];
        b.copy(0, out, 0, 8);
        assertArrayEquals(new byte[] {5, 6, 7, 8, 9, 10, 11, 12}, out);
    }
}
