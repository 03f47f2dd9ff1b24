package tcpconform.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpOptionKind;
import org.pcap4j.packet.namednumber.TcpPort;

/**
 * The harness's codec for IPv4 packets carrying TCP, built on pcap4j: independent of the own
 * stack's codec, so that a bug there cannot hide a bug in what the stack sends. It builds
 * whatever a test asks for, including malformed options and wrong checksums, and decodes what a
 * target sends, verifying its checksums.
 */
public final class PacketCodec {

    private static final int TTL = 64;

    private final AtomicInteger identification = new AtomicInteger();

    /** Builds an IPv4 packet carrying the segment; its checksums are correct unless the segment says otherwise. */
    public byte[] encode(WireSegment s) {
        List<TcpPacket.TcpOption> options = new ArrayList<>(s.options().size());
        for (TcpOption o : s.options()) {
            options.add(new WireOption(o));
        }
        Inet4Address src = address(s.src());
        Inet4Address dst = address(s.dst());
        TcpPacket.Builder tcp = new TcpPacket.Builder()
                .srcAddr(src).dstAddr(dst)
                .srcPort(TcpPort.getInstance((short) s.srcPort())).dstPort(TcpPort.getInstance((short) s.dstPort()))
                .sequenceNumber((int) s.seq()).acknowledgmentNumber((int) s.ackNo())
                .syn(s.syn()).ack(s.ack()).fin(s.fin()).rst(s.rst()).urg(s.urg())
                .psh((s.flags() & WireSegment.PSH) != 0)
                .window((short) s.window()).urgentPointer((short) s.urgentPointer())
                .options(options)
                .paddingAtBuild(true).correctLengthAtBuild(true).correctChecksumAtBuild(true);
        if (s.payload().length > 0) {
            tcp.payloadBuilder(new UnknownPacket.Builder().rawData(s.payload()));
        }
        IpV4Packet.Builder ip = new IpV4Packet.Builder()
                .version(IpVersion.IPV4).tos(IpV4Rfc791Tos.newInstance((byte) 0))
                .identification((short) identification.getAndIncrement()).dontFragmentFlag(true).ttl((byte) TTL)
                .protocol(IpNumber.TCP).srcAddr(src).dstAddr(dst).payloadBuilder(tcp)
                .correctLengthAtBuild(true).correctChecksumAtBuild(true);
        byte[] raw = ip.build().getRawData();
        if (!s.checksumValid()) {
            int ihl = (raw[0] & 0x0F) * 4;
            raw[ihl + 16] ^= 0x5A; // the TCP checksum field, spoiled
        }
        return raw;
    }

    /**
     * Decodes an IPv4 packet carrying TCP.
     *
     * @throws MalformedPacketException if it is not one, with the reason
     */
    public static WireSegment decode(byte[] packet) throws MalformedPacketException {
        IpV4Packet ip;
        try {
            ip = IpV4Packet.newPacket(packet, 0, packet.length);
        } catch (IllegalRawDataException | RuntimeException e) {
            throw new MalformedPacketException("not an IPv4 packet: " + e.getMessage());
        }
        IpV4Packet.IpV4Header h = ip.getHeader();
        if (h.getProtocol() != IpNumber.TCP) {
            throw new MalformedPacketException("IPv4 protocol " + h.getProtocol() + ", not TCP");
        }
        if (!h.hasValidChecksum(false)) {
            throw new MalformedPacketException("bad IPv4 header checksum");
        }
        Packet payload = ip.getPayload();
        if (!(payload instanceof TcpPacket tcp)) {
            throw new MalformedPacketException("malformed TCP header");
        }
        TcpPacket.TcpHeader t = tcp.getHeader();
        List<TcpOption> options = new ArrayList<>();
        for (TcpPacket.TcpOption o : t.getOptions()) {
            options.add(fromWire(o.getRawData()));
        }
        byte[] data = tcp.getPayload() == null ? new byte[0] : tcp.getPayload().getRawData();
        int flags = (t.getFin() ? WireSegment.FIN : 0) | (t.getSyn() ? WireSegment.SYN : 0)
                | (t.getRst() ? WireSegment.RST : 0) | (t.getPsh() ? WireSegment.PSH : 0)
                | (t.getAck() ? WireSegment.ACK : 0) | (t.getUrg() ? WireSegment.URG : 0);
        boolean checksum = tcp.hasValidChecksum(h.getSrcAddr(), h.getDstAddr(), false);
        return new WireSegment(toInt(h.getSrcAddr()), t.getSrcPort().valueAsInt(), toInt(h.getDstAddr()),
                t.getDstPort().valueAsInt(), t.getSequenceNumberAsLong(), t.getAcknowledgmentNumberAsLong(),
                flags, t.getWindowAsInt(), t.getUrgentPointerAsInt(), options, data, checksum);
    }

    /** Dotted-quad notation. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    private static TcpOption fromWire(byte[] raw) {
        int kind = raw[0] & 0xFF;
        if (kind == TcpOption.EOL || kind == TcpOption.NOP || raw.length < 2) {
            return new TcpOption(kind, -1, new byte[0]);
        }
        return new TcpOption(kind, raw[1] & 0xFF, Arrays.copyOfRange(raw, 2, raw.length));
    }

    private static Inet4Address address(int a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(
                    new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always an IPv4 address", e);
        }
    }

    private static int toInt(InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /**
     * An option given to pcap4j as the exact octets to write, so that well-formed and malformed
     * options take the same path and nothing is "corrected" on the way.
     */
    private static final class WireOption implements TcpPacket.TcpOption {
        private static final long serialVersionUID = 1L;
        private final byte[] raw;
        private final int kind;

        WireOption(TcpOption o) {
            this.raw = o.encoded();
            this.kind = o.kind();
        }

        @Override
        public TcpOptionKind getKind() {
            return TcpOptionKind.getInstance((byte) kind);
        }

        @Override
        public int length() {
            return raw.length;
        }

        @Override
        public byte[] getRawData() {
            return raw.clone();
        }
    }
}
