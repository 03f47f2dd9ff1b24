package tcpconform.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import tcpconform.model.reference.ConcreteSegment;

/**
 * A TCP segment in an IPv4 packet, field by field, as the harness builds it for a target or
 * decodes it from one. Numbers are unsigned 32-bit values held in a {@code long}.
 *
 * @param src           IPv4 source address
 * @param srcPort       source port
 * @param dst           IPv4 destination address
 * @param dstPort       destination port
 * @param seq           SEG.SEQ
 * @param ackNo         SEG.ACK
 * @param flags         the control bits ({@link #FIN}, {@link #SYN}, …)
 * @param window        SEG.WND, as on the wire (unscaled)
 * @param urgentPointer SEG.UP
 * @param options       the options, in wire order
 * @param payload       the data
 * @param checksumValid whether the TCP checksum is (or, when building, is to be made) correct
 */
public record WireSegment(int src, int srcPort, int dst, int dstPort, long seq, long ackNo, int flags,
                          int window, int urgentPointer, List<TcpOption> options, byte[] payload,
                          boolean checksumValid) {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    public WireSegment {
        options = List.copyOf(options);
        payload = payload.clone();
    }

    /** A well-formed segment with the numbers of a concrete segment and {@code s.length()} octets of the tester's data ({@link StreamData}). */
    public static WireSegment of(ConcreteSegment s, int src, int srcPort, int dst, int dstPort, List<TcpOption> options) {
        int flags = (s.syn() ? SYN : 0) | (s.ack() ? ACK : 0) | (s.fin() ? FIN : 0) | (s.rst() ? RST : 0)
                | (s.length() > 0 ? PSH : 0);
        byte[] data = new byte[s.length()];
        for (int i = 0; i < data.length; i++) {
            data[i] = StreamData.tester(s.seq() + i);
        }
        return new WireSegment(src, srcPort, dst, dstPort, s.seq(), s.ack() ? s.ackNo() : 0, flags,
                s.window(), 0, options, data, true);
    }

    public boolean syn() {
        return (flags & SYN) != 0;
    }

    public boolean ack() {
        return (flags & ACK) != 0;
    }

    public boolean fin() {
        return (flags & FIN) != 0;
    }

    public boolean rst() {
        return (flags & RST) != 0;
    }

    public boolean urg() {
        return (flags & URG) != 0;
    }

    /** The option of a kind, if present. */
    public Optional<TcpOption> option(int kind) {
        return options.stream().filter(o -> o.kind() == kind).findFirst();
    }

    /** The numbers and control bits, as the model compares them. */
    public ConcreteSegment concrete() {
        return new ConcreteSegment(syn(), ack(), fin(), rst(), seq, ack() ? ackNo : 0, window, payload.length);
    }

    /** This segment with other flags (e.g. a test that sets URG). */
    public WireSegment withFlags(int newFlags, int newUrgentPointer) {
        return new WireSegment(src, srcPort, dst, dstPort, seq, ackNo, newFlags, window, newUrgentPointer,
                options, payload, checksumValid);
    }

    /** This segment with a checksum that is wrong on purpose (MUST-3). */
    public WireSegment withBadChecksum() {
        return new WireSegment(src, srcPort, dst, dstPort, seq, ackNo, flags, window, urgentPointer,
                options, payload, false);
    }

    /** tcpdump's letters for a flag octet, e.g. {@code S.} or {@code FP.}; {@code none} if no flag is set. */
    public static String flagLetters(int flags) {
        StringBuilder f = new StringBuilder();
        if ((flags & SYN) != 0) {
            f.append('S');
        }
        if ((flags & FIN) != 0) {
            f.append('F');
        }
        if ((flags & RST) != 0) {
            f.append('R');
        }
        if ((flags & PSH) != 0) {
            f.append('P');
        }
        if ((flags & URG) != 0) {
            f.append('U');
        }
        if ((flags & ACK) != 0) {
            f.append('.');
        }
        return f.length() == 0 ? "none" : f.toString();
    }

    /** tcpdump's line for the segment, with absolute numbers ({@code tcpdump -S}). */
    public String tcpdump() {
        String f = flagLetters(flags);
        StringBuilder s = new StringBuilder()
                .append(PacketCodec.format(src)).append('.').append(srcPort).append(" > ")
                .append(PacketCodec.format(dst)).append('.').append(dstPort)
                .append(": Flags [").append(f).append("], seq ").append(seq);
        if (payload.length > 0) {
            s.append(':').append((seq + payload.length) & 0xFFFF_FFFFL);
        }
        if (ack()) {
            s.append(", ack ").append(ackNo);
        }
        s.append(", win ").append(window);
        if (urg()) {
            s.append(", urg ").append(urgentPointer);
        }
        if (!options.isEmpty()) {
            s.append(", options [").append(options.stream().map(TcpOption::describe)
                    .collect(Collectors.joining(","))).append(']');
        }
        s.append(", length ").append(payload.length);
        if (!checksumValid) {
            s.append(" (bad cksum)");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return tcpdump();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireSegment w && tcpdump().equals(w.tcpdump()) && Arrays.equals(payload, w.payload);
    }

    @Override
    public int hashCode() {
        return tcpdump().hashCode();
    }
}
