package tcpconform.stack.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reassembly buffer: §3.10.7.4 text processing, SHLD-31. */
class ReceiveBufferTest {

    private final ReceiveBuffer b = new ReceiveBuffer(16);

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private String read() {
        byte[] into = new byte[32];
        int n = b.read(into, 0, into.length);
        return new String(Arrays.copyOf(into, n), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    @DisplayName("in-order data advances at once")
    void inOrder_advances() {
        assertEquals(3, b.write(0, bytes("abc"), 0, 3));
        assertEquals("abc", read());
    }

    @Test
    @DisplayName("out-of-order ranges are held and join when the gap fills")
    void gaps_fillInAnyOrder() {
        assertEquals(0, b.write(4, bytes("ef"), 0, 2));
        assertEquals(0, b.write(2, bytes("cd"), 0, 2));
        assertEquals(1, b.outOfOrder().count());
        assertEquals(6, b.write(0, bytes("ab"), 0, 2));
        assertEquals("abcdef", read());
    }

    @Test
    @DisplayName("data beyond the buffer's space is cut off")
    void beyondSpace_isCut() {
        assertEquals(16, b.write(0, bytes("0123456789abcdefXYZ"), 0, 19));
        assertEquals(0, b.space());
    }

    @Test
    @DisplayName("data before the next expected octet is skipped")
    void oldData_isSkipped() {
        b.write(0, bytes("abc"), 0, 3);
        assertEquals(2, b.write(-2, bytes("bcde"), 0, 4));
        assertEquals("abcde", read());
    }

    @Test
    @DisplayName("the ring wraps around")
    void wrapsAround() {
        for (int i = 0; i < 10; i++) {
            b.write(0, bytes("0123456789"), 0, 10);
            assertArrayEquals(bytes("0123456789"), bytes(read()));
        }
    }
}
