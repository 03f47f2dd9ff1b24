package tcpconform.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pcap format as libpcap, Wireshark and tshark read it (LINKTYPE_RAW). */
class PcapWriterTest {

    @Test
    @DisplayName("the file header names version 2.4, a 65535 snap length and LINKTYPE_RAW")
    void fileHeader() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new PcapWriter(bytes).close();
        ByteBuffer h = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24, h.remaining());
        assertEquals(0xA1B2C3D4, h.getInt());
        assertEquals(2, h.getShort());
        assertEquals(4, h.getShort());
        h.getInt();
        h.getInt();
        assertEquals(65535, h.getInt());
        assertEquals(101, h.getInt());
    }

    @Test
    @DisplayName("each packet follows a record header with its time and lengths")
    void records() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(bytes)) {
            w.write(1_500_000, new byte[] {0x45, 1, 2}, 0, 3);
            w.write(2_000_001, new byte[] {9, 0x45, 7, 8}, 1, 3);
        }
        ByteBuffer r = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        r.position(24);
        assertEquals(1, r.getInt());
        assertEquals(500_000, r.getInt());
        assertEquals(3, r.getInt());
        assertEquals(3, r.getInt());
        byte[] first = new byte[3];
        r.get(first);
        assertArrayEquals(new byte[] {0x45, 1, 2}, first);
        assertEquals(2, r.getInt());
        assertEquals(1, r.getInt());
        r.position(r.position() + 8);
        byte[] second = new byte[3];
        r.get(second);
        assertArrayEquals(new byte[] {0x45, 7, 8}, second);
        assertEquals(0, r.remaining());
        assertEquals(24 + 2 * (16 + 3), bytes.size());
    }

    @Test
    @DisplayName("a negative time is refused")
    void negativeTime_isRefused() throws IOException {
        try (PcapWriter w = new PcapWriter(new ByteArrayOutputStream())) {
            assertThrows(IllegalArgumentException.class, () -> w.write(-1, new byte[1], 0, 1));
        }
    }
}
