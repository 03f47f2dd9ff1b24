package tcpconform.check;

import tcpconform.codec.WireSegment;

/**
 * A TCP segment read from a capture: the fields the checks need, copied out of the frame.
 *
 * @param packet     the frame's number in the file, counted from 1
 * @param timeNanos  the capture time
 * @param src        sender
 * @param dst        receiver
 * @param flags      the flag octet (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20)
 * @param seq        SEG.SEQ
 * @param ack        SEG.ACK
 * @param window     SEG.WND as carried (not scaled)
 * @param length     the number of data octets (from the IP length, whatever the snapshot kept)
 * @param options    the options, as read
 * @param checksum   whether the checksum could be verified and was right
 * @param tuple      the connection's ends, {@code src} and {@code dst} in their fixed order
 */
record Segment(long packet, long timeNanos, Peer src, Peer dst, int flags, long seq, long ack, int window,
               int length, Options options, Checksum checksum, FourTuple tuple) {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    /** What the capture lets us say about the checksum. */
    enum Checksum {
        GOOD,
        BAD,
        /** The snapshot length cut the packet, or it is an IPv4 fragment: nothing to verify. */
        UNVERIFIED
    }

    boolean syn() {
        return (flags & SYN) != 0;
    }

    boolean fin() {
        return (flags & FIN) != 0;
    }

    boolean rst() {
        return (flags & RST) != 0;
    }

    boolean hasAck() {
        return (flags & ACK) != 0;
    }

    /** SEG.LEN: data octets, plus one for SYN and one for FIN (RFC 9293 §3.4). */
    long segLen() {
        return length + (syn() ? 1 : 0) + (fin() ? 1 : 0);
    }

    /** tcpdump's notation: {@code [S.] seq 100 ack 201 win 65535 length 0 <mss 1460,wscale 7>}. */
    String tcpdump() {
        return tcpdump(new Text()).toString();
    }

    /** Adds {@link #tcpdump()} to a line. */
    Text tcpdump(Text t) {
        t.add('[').add(FLAG_LETTERS[flags & 0x3F]).add("] seq ").add(seq);
        if (hasAck()) {
            t.add(" ack ").add(ack);
        }
        t.add(" win ").add(window).add(" length ").add(length);
        return options.tcpdump(t);
    }

    /** The flag letters by the six flag bits. */
    private static final String[] FLAG_LETTERS = new String[64];

    static {
        for (int f = 0; f < FLAG_LETTERS.length; f++) {
            FLAG_LETTERS[f] = WireSegment.flagLetters(f);
        }
    }
}
