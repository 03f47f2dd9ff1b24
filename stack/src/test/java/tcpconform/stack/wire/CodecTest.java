package tcpconform.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The IPv4/TCP codec: RFC 9293 §3.1 (header, checksum, options) and RFC 791. */
class CodecTest {

    private final byte[] buffer = new byte[Codec.MAX_PACKET];

    private static Segment sample() {
        Segment s = new Segment();
        s.sourceAddress = Addresses.parse("10.0.0.1");
        s.destinationAddress = Addresses.parse("10.0.0.2");
        s.sourcePort = 1234;
        s.destinationPort = 80;
        s.seq = 0xFFFF_FFF0;
        s.ack = 42;
        s.flags = Segment.SYN | Segment.ACK;
        s.window = 29200;
        s.mss = 1460;
        s.windowScale = 7;
        s.sackPermitted = true;
        s.timestamps = true;
        s.tsVal = 123;
        s.tsEcr = 456;
        s.payload = new byte[] {1, 2, 3};
        s.payloadLength = 3;
        return s;
    }

    @Test
    @DisplayName("§3.1: every field and option survives encoding and decoding")
    void roundTrip() {
        int n = Codec.encode(sample(), buffer, 0);
        Segment d = new Segment();
        assertEquals(Codec.Result.OK, Codec.decode(buffer, 0, n, d));
        assertEquals(sample().toString(), d.toString());
        assertEquals(3, d.payloadLength);
        assertEquals(3, buffer[d.payloadOffset + 2]);
    }

    @Test
    @DisplayName("§3.1, MUST-2, MUST-3: a flipped bit anywhere in the TCP segment is rejected")
    void corruptedSegment_isRejected() {
        int n = Codec.encode(sample(), buffer, 0);
        for (int i = 20; i < n; i++) {
            byte[] copy = buffer.clone();
            copy[i] ^= 0x01;
            assertEquals(Codec.Result.BAD_TCP_CHECKSUM, Codec.decode(copy, 0, n, new Segment()), "octet " + i);
        }
    }

    @Test
    @DisplayName("RFC 791: a flipped bit in the IPv4 header is caught")
    void corruptedIpHeader_isRejected() {
        int n = Codec.encode(sample(), buffer, 0);
        for (int i = 0; i < 20; i++) {
            byte[] copy = buffer.clone();
            copy[i] ^= 0x01;
            assertFalse(Codec.decode(copy, 0, n, new Segment()) == Codec.Result.OK, "octet " + i);
        }
    }

    @Test
    @DisplayName("truncated packets are reported, never read past their end")
    void truncated_isRejected() {
        int n = Codec.encode(sample(), buffer, 0);
        for (int len = 0; len < n; len++) {
            assertFalse(Codec.decode(buffer, 0, len, new Segment()) == Codec.Result.OK, "length " + len);
        }
    }

    @Test
    @DisplayName("§3.1, MUST-69: the options are padded with zeros to a multiple of four octets")
    void options_paddedWithZero() {
        Segment s = sample();
        s.timestamps = false;
        s.sackPermitted = false;
        s.windowScale = Segment.ABSENT;
        int n = Codec.encode(s, buffer, 0);
        assertEquals(20 + 24 + 3, n);
    }

    @Test
    @DisplayName("RFC 7323 §2.3: a window scale above 14 is taken as 14")
    void windowScaleAbove14_isClamped() {
        Segment s = sample();
        s.windowScale = 20;
        int n = Codec.encode(s, buffer, 0);
        Segment d = new Segment();
        Codec.decode(buffer, 0, n, d);
        assertEquals(14, d.windowScale);
    }

    @Test
    @DisplayName("RFC 2018: SACK blocks fit the option space left by timestamps (three blocks)")
    void sackBlocks_limitedByOptionSpace() {
        Segment s = sample();
        s.flags = Segment.ACK;
        s.mss = Segment.ABSENT;
        s.windowScale = Segment.ABSENT;
        s.sackPermitted = false;
        s.sackBlocks = 4;
        for (int i = 0; i < 4; i++) {
            s.sackLeft[i] = 100 * i;
            s.sackRight[i] = 100 * i + 50;
        }
        int n = Codec.encode(s, buffer, 0);
        Segment d = new Segment();
        assertEquals(Codec.Result.OK, Codec.decode(buffer, 0, n, d));
        assertEquals(3, d.sackBlocks);
        assertTrue(d.timestamps);
    }

    @Test
    @DisplayName("fragments are reported, not reassembled")
    void fragment_isReported() {
        int n = Codec.encode(sample(), buffer, 0);
        buffer[6] = 0x20; // MF
        buffer[10] = 0;
        buffer[11] = 0;
        int sum = Checksum.finish(Checksum.add(buffer, 0, 20, 0));
        buffer[10] = (byte) (sum >>> 8);
        buffer[11] = (byte) sum;
        assertEquals(Codec.Result.FRAGMENT, Codec.decode(buffer, 0, n, new Segment()));
    }
}
