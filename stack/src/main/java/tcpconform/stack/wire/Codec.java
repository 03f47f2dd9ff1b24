package tcpconform.stack.wire;

/**
 * Decodes and encodes IPv4 packets that carry TCP (RFC 791, RFC 9293 §3.1 and §3.2). No
 * allocation: packets are read from and written into caller-owned arrays, segments into a
 * caller-owned {@link Segment}. Only IPv4 without fragmentation: a fragment is reported, not
 * reassembled (the in-memory link and a TUN at MTU 1500 never fragment what the stack sends).
 */
public final class Codec {

    /** What decoding found. Everything but {@link #OK} means the packet is dropped silently. */
    public enum Result {
        OK, TRUNCATED, NOT_IPV4, BAD_IP_HEADER, BAD_IP_CHECKSUM, FRAGMENT, NOT_TCP, BAD_TCP_HEADER,
        BAD_TCP_CHECKSUM
    }

    public static final int IP_HEADER = 20;
    public static final int TCP_HEADER = 20;
    public static final int MAX_OPTIONS = 40;
    /** The largest packet the encoder writes: headers with full options, plus a 64 KiB payload. */
    public static final int MAX_PACKET = 65535;

    private static final int PROTOCOL_TCP = 6;
    private static final int TTL = 64;
    /** RFC 7323 §2.3: a shift larger than 14 is used as 14. */
    public static final int MAX_WINDOW_SCALE = 14;

    private Codec() {
    }

    /** Decodes the IPv4 packet in {@code p[off, off+len)} into {@code s}. */
    public static Result decode(byte[] p, int off, int len, Segment s) {
        if (len < IP_HEADER) {
            return Result.TRUNCATED;
        }
        if ((p[off] & 0xF0) != 0x40) {
            return Result.NOT_IPV4;
        }
        int ihl = (p[off] & 0x0F) * 4;
        int total = u16(p, off + 2);
        if (ihl < IP_HEADER || total < ihl || total > len) {
            return Result.BAD_IP_HEADER;
        }
        if (Checksum.finish(Checksum.add(p, off, ihl, 0)) != 0) {
            return Result.BAD_IP_CHECKSUM;
        }
        int fragment = u16(p, off + 6);
        if ((fragment & 0x3FFF) != 0) { // MF set or a non-zero offset
            return Result.FRAGMENT;
        }
        if ((p[off + 9] & 0xFF) != PROTOCOL_TCP) {
            return Result.NOT_TCP;
        }
        int source = i32(p, off + 12);
        int destination = i32(p, off + 16);
        int t = off + ihl;
        int tcpLength = total - ihl;
        if (tcpLength < TCP_HEADER) {
            return Result.TRUNCATED;
        }
        int dataOffset = ((p[t + 12] & 0xF0) >>> 4) * 4;
        if (dataOffset < TCP_HEADER || dataOffset > tcpLength) {
            return Result.BAD_TCP_HEADER;
        }
        // MUST-3: the receiver checks the checksum over the pseudo-header and the segment.
        long sum = pseudoHeader(source, destination, tcpLength);
        if (Checksum.finish(Checksum.add(p, t, tcpLength, sum)) != 0) {
            return Result.BAD_TCP_CHECKSUM;
        }
        s.sourceAddress = source;
        s.destinationAddress = destination;
        s.sourcePort = u16(p, t);
        s.destinationPort = u16(p, t + 2);
        s.seq = i32(p, t + 4);
        s.ack = i32(p, t + 8);
        s.flags = p[t + 13] & 0x3F;
        s.window = u16(p, t + 14);
        s.urgentPointer = u16(p, t + 18);
        parseOptions(p, t + TCP_HEADER, t + dataOffset, s);
        s.payload = p;
        s.payloadOffset = t + dataOffset;
        s.payloadLength = tcpLength - dataOffset;
        return Result.OK;
    }

    /**
     * Options are read wherever they are, aligned or not (MUST-64); an option we do not know is
     * skipped by its length (MUST-6); an illegal length (below 2, or past the header) stops the
     * parse, keeps what was read before it and marks the segment (MUST-7). This is what the
     * Linux kernel does too; the RFC's suggestion of a reset is a "suggested procedure", not a
     * requirement. A known option with the wrong length for its kind is skipped like an unknown
     * one.
     */
    static void parseOptions(byte[] p, int i, int end, Segment s) {
        s.clearOptions();
        while (i < end) {
            int kind = p[i] & 0xFF;
            if (kind == 0) { // End of Option List
                return;
            }
            if (kind == 1) { // No-Operation
                i++;
                continue;
            }
            if (i + 1 >= end) {
                s.malformedOptions = true;
                return;
            }
            int length = p[i + 1] & 0xFF;
            if (length < 2 || i + length > end) {
                s.malformedOptions = true;
                return;
            }
            switch (kind) {
                case 2:
                    if (length == 4) {
                        s.mss = u16(p, i + 2);
                    }
                    break;
                case 3:
                    if (length == 3) {
                        s.windowScale = Math.min(p[i + 2] & 0xFF, MAX_WINDOW_SCALE);
                    }
                    break;
                case 4:
                    if (length == 2) {
                        s.sackPermitted = true;
                    }
                    break;
                case 5:
                    if ((length - 2) % 8 == 0) {
                        int blocks = Math.min((length - 2) / 8, Segment.MAX_SACK_BLOCKS);
                        for (int b = 0; b < blocks; b++) {
                            s.sackLeft[b] = i32(p, i + 2 + 8 * b);
                            s.sackRight[b] = i32(p, i + 6 + 8 * b);
                        }
                        s.sackBlocks = blocks;
                    }
                    break;
                case 8:
                    if (length == 10) {
                        s.timestamps = true;
                        s.tsVal = i32(p, i + 2);
                        s.tsEcr = i32(p, i + 6);
                    }
                    break;
                default:
                    break;
            }
            i += length;
        }
    }

    /**
     * Writes the IPv4 and TCP headers of {@code s}, with its options, at {@code out[off]}, and
     * returns where the payload goes. Complete the packet with {@link #seal}.
     */
    public static int writeHeaders(Segment s, byte[] out, int off) {
        int t = off + IP_HEADER;
        int o = t + TCP_HEADER;
        int optionsStart = o;
        if (s.mss != Segment.ABSENT) {
            out[o++] = 2;
            out[o++] = 4;
            o = put16(out, o, s.mss);
        }
        if (s.sackPermitted && s.timestamps) {
            out[o++] = 4;
            out[o++] = 2;
        } else if (s.sackPermitted || s.timestamps) {
            out[o++] = 1;
            out[o++] = 1;
            if (s.sackPermitted) {
                out[o++] = 4;
                out[o++] = 2;
            }
        }
        if (s.timestamps) {
            out[o++] = 8;
            out[o++] = 10;
            o = put32(out, o, s.tsVal);
            o = put32(out, o, s.tsEcr);
        }
        if (s.windowScale != Segment.ABSENT) {
            out[o++] = 1;
            out[o++] = 3;
            out[o++] = 3;
            out[o++] = (byte) s.windowScale;
        }
        int room = (MAX_OPTIONS - (o - optionsStart) - 4) / 8;
        int blocks = Math.min(s.sackBlocks, Math.max(room, 0));
        if (blocks > 0) {
            out[o++] = 1;
            out[o++] = 1;
            out[o++] = 5;
            out[o++] = (byte) (2 + 8 * blocks);
            for (int b = 0; b < blocks; b++) {
                o = put32(out, o, s.sackLeft[b]);
                o = put32(out, o, s.sackRight[b]);
            }
        }
        while (((o - optionsStart) & 3) != 0) {
            out[o++] = 0; // padding is zero (MUST-69)
        }
        int dataOffset = o - t;
        // IPv4 header: version 4, IHL 5, no DSCP, DF set, no options.
        out[off] = 0x45;
        out[off + 1] = 0;
        put16(out, off + 4, 0);
        put16(out, off + 6, 0x4000);
        out[off + 8] = (byte) TTL;
        out[off + 9] = PROTOCOL_TCP;
        put32(out, off + 12, s.sourceAddress);
        put32(out, off + 16, s.destinationAddress);
        // TCP header.
        put16(out, t, s.sourcePort);
        put16(out, t + 2, s.destinationPort);
        put32(out, t + 4, s.seq);
        put32(out, t + 8, s.ack);
        out[t + 12] = (byte) ((dataOffset / 4) << 4);
        out[t + 13] = (byte) s.flags;
        put16(out, t + 14, s.window);
        put16(out, t + 18, s.urgentPointer);
        return o;
    }

    /**
     * Completes the packet at {@code out[off]} whose headers {@link #writeHeaders} wrote and
     * whose payload of {@code payloadLength} octets follows them: lengths and both checksums
     * (MUST-2). Returns the packet's length.
     */
    public static int seal(byte[] out, int off, int payloadEnd) {
        int total = payloadEnd - off;
        put16(out, off + 2, total);
        put16(out, off + 10, 0);
        put16(out, off + 10, Checksum.finish(Checksum.add(out, off, IP_HEADER, 0)));
        int t = off + IP_HEADER;
        int tcpLength = total - IP_HEADER;
        put16(out, t + 16, 0);
        long sum = pseudoHeader(i32(out, off + 12), i32(out, off + 16), tcpLength);
        put16(out, t + 16, Checksum.finish(Checksum.add(out, t, tcpLength, sum)));
        return total;
    }

    /** Encodes {@code s} with the payload it points at; returns the packet's length. */
    public static int encode(Segment s, byte[] out, int off) {
        int payloadAt = writeHeaders(s, out, off);
        if (s.payloadLength > 0) {
            System.arraycopy(s.payload, s.payloadOffset, out, payloadAt, s.payloadLength);
        }
        return seal(out, off, payloadAt + s.payloadLength);
    }

    private static long pseudoHeader(int source, int destination, int tcpLength) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + PROTOCOL_TCP + tcpLength;
    }

    static int u16(byte[] p, int i) {
        return ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
    }

    static int i32(byte[] p, int i) {
        return ((p[i] & 0xFF) << 24) | ((p[i + 1] & 0xFF) << 16) | ((p[i + 2] & 0xFF) << 8)
                | (p[i + 3] & 0xFF);
    }

    static int put16(byte[] p, int i, int v) {
        p[i] = (byte) (v >>> 8);
        p[i + 1] = (byte) v;
        return i + 2;
    }

    static int put32(byte[] p, int i, int v) {
        p[i] = (byte) (v >>> 24);
        p[i + 1] = (byte) (v >>> 16);
        p[i + 2] = (byte) (v >>> 8);
        p[i + 3] = (byte) v;
        return i + 4;
    }
}
