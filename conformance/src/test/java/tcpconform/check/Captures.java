package tcpconform.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import tcpconform.pcap.CaptureReader;
import tcpconform.pcap.Frame;
import tcpconform.pcap.PcapWriter;
import tcpconform.stack.wire.Checksum;

/** Builds captures for the tests: segments by hand, and rewrites of whole captures. */
final class Captures {

    static final byte[] CLIENT = {10, 0, 0, 1};
    static final byte[] SERVER = {10, 0, 0, 2};

    private final List<byte[]> packets = new ArrayList<>();

    /** Adds an IPv4 segment; flags as in the TCP header; options as raw octets (padded here). */
    Captures segment(byte[] src, int sport, byte[] dst, int dport, int flags, long seq, long ack, int window,
                     int length, int... options) {
        int optLen = (options.length + 3) & ~3;
        int tcpLen = 20 + optLen + length;
        ByteBuffer b = ByteBuffer.allocate(20 + tcpLen);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLen)).putInt(0).put((byte) 64).put((byte) 6)
                .putShort((short) 0).put(src).put(dst);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) (((20 + optLen) / 4) << 4)).put((byte) flags).putShort((short) window).putShort((short) 0)
                .putShort((short) 0);
        for (int o : options) {
            b.put((byte) o);
        }
        byte[] p = b.array();
        int c = Checksum.finish(Checksum.add(p, 20, tcpLen, Checksum.add(p, 12, 8, 6 + tcpLen)));
        p[36] = (byte) (c >>> 8);
        p[37] = (byte) c;
        packets.add(p);
        return this;
    }

    /** From the client (10.0.0.1.40000) to the server (10.0.0.2.80). */
    Captures up(int flags, long seq, long ack, int length, int... options) {
        return segment(CLIENT, 40000, SERVER, 80, flags, seq, ack, 65535, length, options);
    }

    /** From the server to the client. */
    Captures down(int flags, long seq, long ack, int length, int... options) {
        return segment(SERVER, 80, CLIENT, 40000, flags, seq, ack, 65535, length, options);
    }

    /** From the server to the client, advertising {@code window}. */
    Captures downWindow(int flags, long seq, long ack, int window, int length) {
        return segment(SERVER, 80, CLIENT, 40000, flags, seq, ack, window, length);
    }

    Path write(Path file) {
        try (PcapWriter w = new PcapWriter(Files.newOutputStream(file))) {
            long t = 1_000_000;
            for (byte[] p : packets) {
                w.write(t += 1000, p, 0, p.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Every frame of a capture, as raw IP packets with their times (the capture must be raw IP). */
    static List<byte[]> frames(Path file) {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            CaptureReader r = new CaptureReader(in, file.toString());
            Frame f;
            while ((f = r.next()) != null) {
                byte[] copy = new byte[f.length()];
                System.arraycopy(f.data(), 0, copy, 0, f.length());
                out.add(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A classic pcap of the given link type holding these frames (each rewritten by {@code frame}). */
    static Path pcap(Path file, int linkType, List<byte[]> frames, UnaryOperator<byte[]> frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
        out.writeBytes(h.array());
        long t = 0;
        for (byte[] raw : frames) {
            byte[] f = frame.apply(raw);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            t += 10;
            r.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return writeBytes(file, out.toByteArray());
    }

    /** A big-endian pcapng: a section, one interface of the given link type, enhanced packet blocks. */
    static Path pcapng(Path file, int linkType, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer shb = ByteBuffer.allocate(28);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        out.writeBytes(shb.array());
        ByteBuffer idb = ByteBuffer.allocate(20);
        idb.putInt(1).putInt(20).putShort((short) linkType).putShort((short) 0).putInt(0).putInt(20);
        out.writeBytes(idb.array());
        long t = 0;
        for (byte[] f : frames) {
            int padded = (f.length + 3) & ~3;
            int len = 32 + padded;
            ByteBuffer e = ByteBuffer.allocate(len);
            t += 10;
            e.putInt(6).putInt(len).putInt(0).putInt((int) (t >>> 32)).putInt((int) t).putInt(f.length).putInt(f.length)
                    .put(f).position(28 + padded);
            e.putInt(len);
            out.writeBytes(e.array());
        }
        return writeBytes(file, out.toByteArray());
    }

    static Path writeBytes(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] prefix(byte[] header, byte[] packet) {
        byte[] out = new byte[header.length + packet.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(packet, 0, out, header.length, packet.length);
        return out;
    }
}
