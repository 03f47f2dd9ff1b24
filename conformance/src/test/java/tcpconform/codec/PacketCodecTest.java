package tcpconform.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import tcpconform.model.reference.ConcreteSegment;
import tcpconform.stack.wire.Codec;
import tcpconform.stack.wire.Segment;

/** The harness's pcap4j codec, checked against the own stack's independent one. */
class PacketCodecTest {

    private static final int A = 0x0A00_0002;
    private static final int B = 0x0A00_0001;
    private final PacketCodec codec = new PacketCodec();

    private WireSegment segment(List<TcpOption> options, int length) {
        ConcreteSegment s = new ConcreteSegment(true, true, false, false, 0xFFFF_FFF0L, 7, 65535, length);
        return WireSegment.of(s, A, 40000, B, 80, options);
    }

    @Test
    void everyOptionSurvivesARoundTrip() throws Exception {
        List<TcpOption> options = List.of(TcpOption.mss(1460), TcpOption.nop(), TcpOption.windowScale(7),
                TcpOption.sackPermitted(), TcpOption.sack(1, 2), TcpOption.timestamps(0xFFFF_FFFFL, 1),
                TcpOption.unknown(99, new byte[] {1, 2}), TcpOption.eol());
        WireSegment decoded = PacketCodec.decode(codec.encode(segment(options, 10)));
        assertEquals(options, decoded.options().subList(0, options.size()));
        assertEquals(0xFFFF_FFF0L, decoded.seq());
        assertEquals(10, decoded.payload().length);
        assertTrue(decoded.checksumValid());
        assertEquals("mss 1460,nop,wscale 7,sackOK,sack 1,TS val 4294967295 ecr 1,opt-99 0x0102,eol",
                decoded.tcpdump().replaceAll(".*options \\[(.*)\\].*", "$1").replaceAll(",eol.*", ",eol"));
    }

    @Test
    void theOwnStacksDecoderReadsWhatPcap4jBuilds() {
        byte[] packet = codec.encode(segment(List.of(TcpOption.mss(1200), TcpOption.windowScale(3)), 5));
        Segment s = new Segment();
        assertEquals(Codec.Result.OK, Codec.decode(packet, 0, packet.length, s));
        assertEquals(1200, s.mss);
        assertEquals(5, s.payloadLength);
    }

    @Test
    void aMalformedOptionIsBuiltAsAskedAndFlaggedByTheStack() {
        byte[] packet = codec.encode(segment(List.of(TcpOption.malformed(TcpOption.MSS, 40, new byte[] {5, (byte) 0xB4})), 0));
        assertEquals(40, packet[20 + 21] & 0xFF, "the length octet is kept as declared");
        Segment s = new Segment();
        Codec.decode(packet, 0, packet.length, s);
        assertTrue(s.malformedOptions, "MUST-7: the stack notices the illegal length");
    }

    @Test
    void aSpoiledChecksumIsBuiltAndDetected() throws Exception {
        WireSegment decoded = PacketCodec.decode(codec.encode(segment(List.of(), 3).withBadChecksum()));
        assertFalse(decoded.checksumValid());
    }

    @Test
    void somethingThatIsNotTcpOverIpv4IsAClearError() {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().startsWith("not an IPv4 packet"), e.getMessage());
    }

    @Test
    void theUrgentPointerAndFlagsAreKept() throws Exception {
        WireSegment urgent = segment(List.of(), 8).withFlags(WireSegment.ACK | WireSegment.URG, 5);
        WireSegment decoded = PacketCodec.decode(codec.encode(urgent));
        assertTrue(decoded.urg());
        assertEquals(5, decoded.urgentPointer());
        assertArrayEquals(urgent.payload(), decoded.payload());
    }
}
