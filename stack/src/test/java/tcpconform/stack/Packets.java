package tcpconform.stack;

import static tcpconform.stack.Script.PEER_ISS;

import java.nio.charset.StandardCharsets;

import tcpconform.stack.wire.Checksum;

/** Hand-built packets, for what the codec would never write: odd options, bad fields. */
final class Packets {

    private Packets() {
    }

    /** An ACK from the peer of an ESTABLISHED script, carrying raw {@code options} and {@code data}. */
    static byte[] withOptions(Script s, byte[] options, String data) {
        return raw(Script.PEER, Script.US, tcpconform.stack.wire.Segment.ACK, PEER_ISS + 1, s.iss + 1, options,
                data.getBytes(StandardCharsets.US_ASCII));
    }

    /** An IPv4 packet with a TCP header to the script's port; options padded to 32 bits with zeros. */
    static byte[] raw(int from, int to, int flags, int seq, int ack, byte[] options, byte[] data) {
        return raw(from, Script.PEER_PORT, to, flags, seq, ack, options, data);
    }

    /** The same from another source port. */
    static byte[] raw(int from, int fromPort, int to, int flags, int seq, int ack, byte[] options, byte[] data) {
        return raw(from, fromPort, to, flags, seq, ack, 65535, options, data);
    }

    /** The same with a window of the caller's choosing. */
    static byte[] raw(int from, int fromPort, int to, int flags, int seq, int ack, int window, byte[] options, byte[] data) {
        return raw(from, fromPort, to, Script.PORT, flags, seq, ack, window, options, data);
    }

    /** The same to a port of the caller's choosing. */
    static byte[] raw(int from, int fromPort, int to, int toPort, int flags, int seq, int ack, int window, byte[] options,
                      byte[] data) {
        int optionLength = (options.length + 3) / 4 * 4;
        int tcpLength = 20 + optionLength + data.length;
        byte[] p = new byte[20 + tcpLength];
        p[0] = 0x45;
        put16(p, 2, p.length);
        p[8] = 64;
        p[9] = 6;
        put32(p, 12, from);
        put32(p, 16, to);
        put16(p, 10, Checksum.finish(Checksum.add(p, 0, 20, 0)));
        int t = 20;
        put16(p, t, fromPort);
        put16(p, t + 2, toPort);
        put32(p, t + 4, seq);
        put32(p, t + 8, ack);
        p[t + 12] = (byte) (((20 + optionLength) / 4) << 4);
        p[t + 13] = (byte) flags;
        put16(p, t + 14, window);
        System.arraycopy(options, 0, p, t + 20, options.length);
        System.arraycopy(data, 0, p, t + 20 + optionLength, data.length);
        long sum = (from >>> 16) + (from & 0xFFFF) + (to >>> 16) + (to & 0xFFFF) + 6 + tcpLength;
        put16(p, t + 16, Checksum.finish(Checksum.add(p, t, tcpLength, sum)));
        return p;
    }

    private static void put16(byte[] p, int i, int v) {
        p[i] = (byte) (v >>> 8);
        p[i + 1] = (byte) v;
    }

    private static void put32(byte[] p, int i, int v) {
        put16(p, i, v >>> 16);
        put16(p, i + 2, v);
    }
}
