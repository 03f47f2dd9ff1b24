package tcpconform.stack.wire;

/**
 * One TCP segment with its IPv4 addresses, decoded or to be encoded (RFC 9293 §3.1, RFC 7323,
 * RFC 2018). A mutable flyweight on purpose: the stack decodes every packet into the same
 * instance and builds every packet from the same instance, so that the data path allocates
 * nothing. Sequence numbers are {@code int}s compared modulo 2^32 (see {@code SeqNum}).
 * An option that is absent has the value {@link #ABSENT}.
 */
public final class Segment {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    public static final int ABSENT = -1;
    /** At most four SACK blocks fit in the 40 octets of options (RFC 2018 §3). */
    public static final int MAX_SACK_BLOCKS = 4;

    public int sourceAddress;
    public int destinationAddress;
    public int sourcePort;
    public int destinationPort;
    public int seq;
    public int ack;
    public int flags;
    /** The window field as carried, before any scaling. */
    public int window;
    public int urgentPointer;

    public int mss = ABSENT;
    public int windowScale = ABSENT;
    public boolean sackPermitted;
    public boolean timestamps;
    public int tsVal;
    public int tsEcr;
    public int sackBlocks;
    public final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    public final int[] sackRight = new int[MAX_SACK_BLOCKS];
    /** Set by the decoder when an option's length was illegal; the options after it are ignored. */
    public boolean malformedOptions;

    /** Where the payload is: in the decoded packet, or where the encoder will copy it from. */
    public byte[] payload;
    public int payloadOffset;
    public int payloadLength;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Sequence space the segment occupies: its data, plus one for SYN and one for FIN. */
    public int segmentLength() {
        return payloadLength + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
    }

    /** Clears everything except the addresses and ports. */
    public void clearBody() {
        seq = 0;
        ack = 0;
        flags = 0;
        window = 0;
        urgentPointer = 0;
        clearOptions();
        payload = null;
        payloadOffset = 0;
        payloadLength = 0;
    }

    public void clearOptions() {
        mss = ABSENT;
        windowScale = ABSENT;
        sackPermitted = false;
        timestamps = false;
        tsVal = 0;
        tsEcr = 0;
        sackBlocks = 0;
        malformedOptions = false;
    }

    /** A tcpdump-like line, for logs and test failures. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(Addresses.format(sourceAddress)).append('.').append(sourcePort).append(" > ")
                .append(Addresses.format(destinationAddress)).append('.').append(destinationPort)
                .append(": Flags [");
        if (has(SYN)) {
            s.append('S');
        }
        if (has(FIN)) {
            s.append('F');
        }
        if (has(RST)) {
            s.append('R');
        }
        if (has(PSH)) {
            s.append('P');
        }
        if (has(URG)) {
            s.append('U');
        }
        if (has(ACK)) {
            s.append('.');
        }
        s.append("], seq ").append(Integer.toUnsignedString(seq));
        if (has(ACK)) {
            s.append(", ack ").append(Integer.toUnsignedString(ack));
        }
        s.append(", win ").append(window);
        if (has(URG)) {
            s.append(", urg ").append(urgentPointer);
        }
        if (mss != ABSENT || windowScale != ABSENT || sackPermitted || timestamps || sackBlocks > 0) {
            s.append(", options [");
            String sep = "";
            if (mss != ABSENT) {
                s.append("mss ").append(mss);
                sep = ",";
            }
            if (sackPermitted) {
                s.append(sep).append("sackOK");
                sep = ",";
            }
            if (timestamps) {
                s.append(sep).append("TS val ").append(Integer.toUnsignedString(tsVal))
                        .append(" ecr ").append(Integer.toUnsignedString(tsEcr));
                sep = ",";
            }
            if (windowScale != ABSENT) {
                s.append(sep).append("wscale ").append(windowScale);
                sep = ",";
            }
            if (sackBlocks > 0) {
                s.append(sep).append("sack ").append(sackBlocks);
                for (int i = 0; i < sackBlocks; i++) {
                    s.append(" {").append(Integer.toUnsignedString(sackLeft[i])).append(':')
                            .append(Integer.toUnsignedString(sackRight[i])).append('}');
                }
            }
            s.append(']');
        }
        s.append(", length ").append(payloadLength);
        return s.toString();
    }
}
