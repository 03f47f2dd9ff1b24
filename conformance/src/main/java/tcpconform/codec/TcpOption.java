package tcpconform.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A TCP option as it appears on the wire (RFC 9293 §3.1, §3.2): a kind, and for every kind but
 * EOL and NOP a length octet and data. The length octet is kept as declared, so that malformed
 * options (MUST-7: a length that is illegal, or runs past the header) can be built and recognised.
 *
 * @param kind           the option kind
 * @param declaredLength the length octet, or -1 for the single-octet kinds (EOL, NOP)
 * @param data           the octets after the length octet
 */
public record TcpOption(int kind, int declaredLength, byte[] data) {

    public static final int EOL = 0;
    public static final int NOP = 1;
    public static final int MSS = 2;
    public static final int WINDOW_SCALE = 3;
    public static final int SACK_PERMITTED = 4;
    public static final int SACK = 5;
    public static final int TIMESTAMPS = 8;

    public TcpOption {
        if (kind < 0 || kind > 255 || declaredLength < -1 || declaredLength > 255) {
            throw new IllegalArgumentException("option kind and length are octets: " + kind + ", " + declaredLength);
        }
        data = data.clone();
    }

    /** End of option list. */
    public static TcpOption eol() {
        return new TcpOption(EOL, -1, new byte[0]);
    }

    /** No-operation (padding between options). */
    public static TcpOption nop() {
        return new TcpOption(NOP, -1, new byte[0]);
    }

    /** Maximum segment size (§3.7.1). */
    public static TcpOption mss(int mss) {
        return new TcpOption(MSS, 4, ByteBuffer.allocate(2).putShort((short) mss).array());
    }

    /** Window scale (RFC 7323 §2). */
    public static TcpOption windowScale(int shift) {
        return new TcpOption(WINDOW_SCALE, 3, new byte[] {(byte) shift});
    }

    /** SACK permitted (RFC 2018). */
    public static TcpOption sackPermitted() {
        return new TcpOption(SACK_PERMITTED, 2, new byte[0]);
    }

    /** SACK blocks (RFC 2018): pairs of left and right edges. */
    public static TcpOption sack(long... edges) {
        if (edges.length == 0 || edges.length % 2 != 0) {
            throw new IllegalArgumentException("SACK blocks are pairs of edges");
        }
        ByteBuffer b = ByteBuffer.allocate(4 * edges.length);
        for (long e : edges) {
            b.putInt((int) e);
        }
        return new TcpOption(SACK, 2 + 4 * edges.length, b.array());
    }

    /** Timestamps (RFC 7323 §3). */
    public static TcpOption timestamps(long value, long echoReply) {
        return new TcpOption(TIMESTAMPS, 10, ByteBuffer.allocate(8).putInt((int) value).putInt((int) echoReply).array());
    }

    /** An option of a kind the receiver does not know (MUST-6: it must be ignored). */
    public static TcpOption unknown(int kind, byte[] data) {
        return new TcpOption(kind, 2 + data.length, data);
    }

    /** An option whose length octet does not match its data (MUST-7). */
    public static TcpOption malformed(int kind, int declaredLength, byte[] data) {
        return new TcpOption(kind, declaredLength, data);
    }

    /** The octets on the wire. */
    public byte[] encoded() {
        if (declaredLength < 0) {
            return new byte[] {(byte) kind};
        }
        byte[] b = new byte[2 + data.length];
        b[0] = (byte) kind;
        b[1] = (byte) declaredLength;
        System.arraycopy(data, 0, b, 2, data.length);
        return b;
    }

    /** Whether the length octet agrees with the data (always so for EOL and NOP). */
    public boolean wellFormed() {
        return declaredLength < 0 || declaredLength == 2 + data.length;
    }

    /** The data as an unsigned big-endian number (MSS, window scale). */
    public long value() {
        long v = 0;
        for (byte b : data) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    /** tcpdump's notation: {@code mss 1460}, {@code wscale 7}, {@code sackOK}, {@code TS val 1 ecr 0}. */
    public String describe() {
        if (!wellFormed()) {
            return "opt-" + kind + " bad length " + declaredLength;
        }
        return switch (kind) {
            case EOL -> "eol";
            case NOP -> "nop";
            case MSS -> "mss " + value();
            case WINDOW_SCALE -> "wscale " + value();
            case SACK_PERMITTED -> "sackOK";
            case SACK -> "sack " + data.length / 8;
            case TIMESTAMPS -> "TS val " + Integer.toUnsignedLong(ByteBuffer.wrap(data).getInt(0))
                    + " ecr " + Integer.toUnsignedLong(ByteBuffer.wrap(data).getInt(4));
            default -> "opt-" + kind + (data.length == 0 ? "" : " 0x" + HexFormat.of().formatHex(data));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpOption t && t.kind == kind && t.declaredLength == declaredLength
                && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind + declaredLength) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return describe();
    }
}
