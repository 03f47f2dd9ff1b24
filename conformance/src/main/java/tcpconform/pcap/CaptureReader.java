package tcpconform.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a capture file, frame by frame, in bounded memory: the classic libpcap format (either byte
 * order, microsecond or nanosecond timestamps) and pcapng (section header, interface description,
 * enhanced, simple and obsolete packet blocks; other blocks are skipped, as the format asks).
 * The format is recognised by the file's first four octets.
 *
 * <p>A damaged file gives every frame before the damage, then a {@link CaptureFormatException}
 * that says, in one line, what is wrong and where.
 */
public final class CaptureReader implements Closeable {

    private static final int PCAP_MICROS = 0xA1B2C3D4;
    private static final int PCAP_NANOS = 0xA1B23C4D;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER = 0x1A2B3C4D;
    private static final int PCAPNG_IDB = 1;
    private static final int PCAPNG_PB = 2;
    private static final int PCAPNG_SPB = 3;
    private static final int PCAPNG_EPB = 6;
    /** Larger than any frame a capture tool writes (Wireshark's limit is 256 KiB); protects memory. */
    private static final int MAX_FRAME = 1 << 20;
    private static final int MAX_BLOCK = MAX_FRAME + 4096;

    /** The interface of a pcapng section: its link type, snapshot length and clock resolution. */
    private record Interface(int linkType, int snapLength, long unitsPerSecond) {
    }

    private final InputStream in;
    private final String name;
    private final boolean pcapng;
    private byte[] buffer = new byte[65536 + 64];
    private long offset;
    private long frames;
    private boolean little;
    // classic pcap
    private int pcapLinkType;
    private int pcapSnapLength;
    private boolean pcapNanos;
    // pcapng
    private final List<Interface> interfaces = new ArrayList<>();

    /**
     * Opens a capture. {@code name} is used in error messages only.
     *
     * @throws CaptureFormatException if the file is not a capture this reader knows
     */
    public CaptureReader(InputStream in, String name) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.name = name;
        byte[] magic = new byte[4];
        int got = read(magic, 0, 4);
        if (got < 4) {
            throw damaged(got == 0 ? "is empty" : "is too short to be a capture file");
        }
        int be = getInt(magic, 0, false);
        int le = getInt(magic, 0, true);
        if (be == PCAPNG_SHB) {
            pcapng = true;
            readSectionHeaderRest();
        } else if (be == PCAP_MICROS || be == PCAP_NANOS || le == PCAP_MICROS || le == PCAP_NANOS) {
            pcapng = false;
            little = le == PCAP_MICROS || le == PCAP_NANOS;
            pcapNanos = (little ? le : be) == PCAP_NANOS;
            readPcapHeaderRest();
        } else {
            throw new CaptureFormatException(name + " is not a pcap or pcapng file (it starts with "
                    + String.format("%02x %02x %02x %02x", magic[0], magic[1], magic[2], magic[3]) + ")");
        }
    }

    /** The next frame, or null at the end of the file. */
    public Frame next() {
        return pcapng ? nextPcapng() : nextPcap();
    }

    // ------------------------------------------------------------------------ classic pcap

    private void readPcapHeaderRest() {
        byte[] h = new byte[20];
        if (read(h, 0, 20) < 20) {
            throw damaged("ends inside its 24-octet file header");
        }
        int major = getShort(h, 0);
        pcapSnapLength = getInt(h, 12, little);
        pcapLinkType = getInt(h, 16, little) & 0x0FFFFFFF;
        if (major != 2) {
            throw damaged("has pcap version " + major + "; only version 2 exists");
        }
    }

    private Frame nextPcap() {
        int got = read(buffer, 0, 16);
        if (got == 0) {
            return null;
        }
        if (got < 16) {
            throw damaged("ends inside the header of packet " + (frames + 1));
        }
        long seconds = getInt(buffer, 0, little) & 0xFFFFFFFFL;
        long fraction = getInt(buffer, 4, little) & 0xFFFFFFFFL;
        int captured = getInt(buffer, 8, little);
        int original = getInt(buffer, 12, little);
        if (captured < 0 || captured > MAX_FRAME || (pcapSnapLength > 0 && captured > Math.max(pcapSnapLength, 262144))) {
            throw damaged("gives packet " + (frames + 1) + " a captured length of " + Integer.toUnsignedString(captured)
                    + " octets, more than a capture can hold");
        }
        ensure(captured);
        if (read(buffer, 0, captured) < captured) {
            throw damaged("ends inside packet " + (frames + 1));
        }
        long nanos = seconds * 1_000_000_000L + (pcapNanos ? fraction : fraction * 1000);
        return new Frame(++frames, nanos, pcapLinkType, buffer, captured, Math.max(original, captured));
    }

    // ------------------------------------------------------------------------------ pcapng

    /** After the block type of a section header block: length, byte-order magic, the rest. */
    private void readSectionHeaderRest() {
        byte[] h = new byte[8];
        if (read(h, 0, 8) < 8) {
            throw damaged("ends inside its section header block");
        }
        int bom = getInt(h, 4, false);
        if (bom == PCAPNG_BYTE_ORDER) {
            little = false;
        } else if (Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER) {
            little = true;
        } else {
            throw damaged("has a section header without the pcapng byte-order magic");
        }
        int length = getInt(h, 0, little);
        if (length < 28 || length % 4 != 0 || length > MAX_BLOCK) {
            throw damaged("has a section header block of impossible length " + Integer.toUnsignedString(length));
        }
        ensure(length);
        if (read(buffer, 0, length - 12) < length - 12) {
            throw damaged("ends inside its section header block");
        }
        interfaces.clear();
    }

    private Frame nextPcapng() {
        while (true) {
            long blockStart = offset;
            int got = read(buffer, 0, 8);
            if (got == 0) {
                return null;
            }
            if (got < 8) {
                throw damaged("ends inside a block header at octet " + blockStart);
            }
            int type = getInt(buffer, 0, little);
            if (type == PCAPNG_SHB) {
                // A new section may change the byte order: re-read its length in it.
                System.arraycopy(buffer, 4, buffer, 0, 4);
                byte[] rest = new byte[4];
                if (read(rest, 0, 4) < 4) {
                    throw damaged("ends inside a section header block at octet " + blockStart);
                }
                int bom = getInt(rest, 0, false);
                little = Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER;
                if (!little && bom != PCAPNG_BYTE_ORDER) {
                    throw damaged("has a section header without the pcapng byte-order magic at octet " + blockStart);
                }
                int length = getInt(buffer, 0, little);
                if (length < 28 || length % 4 != 0 || length > MAX_BLOCK) {
                    throw damaged("has a section header block of impossible length at octet " + blockStart);
                }
                ensure(length);
                if (read(buffer, 0, length - 12) < length - 12) {
                    throw damaged("ends inside a section header block at octet " + blockStart);
                }
                interfaces.clear();
                continue;
            }
            int length = getInt(buffer, 4, little);
            if (length < 12 || length % 4 != 0 || length > MAX_BLOCK) {
                throw damaged("has a block of impossible length " + Integer.toUnsignedString(length) + " at octet "
                        + blockStart + " (after packet " + frames + ")");
            }
            int body = length - 12;
            ensure(body + 4);
            if (read(buffer, 0, body + 4) < body + 4) {
                throw damaged("ends inside a block at octet " + blockStart + " (after packet " + frames + ")");
            }
            if (getInt(buffer, body, little) != length) {
                throw damaged("has a block at octet " + blockStart + " whose trailing length does not match its header");
            }
            switch (type) {
                case PCAPNG_IDB -> interfaces.add(interfaceBlock(body, blockStart));
                case PCAPNG_EPB -> {
                    return packetBlock(body, blockStart, 20, getInt(buffer, 0, little), 4);
                }
                case PCAPNG_PB -> {
                    return packetBlock(body, blockStart, 20, getShort(buffer, 0), 4);
                }
                case PCAPNG_SPB -> {
                    return simplePacketBlock(body, blockStart);
                }
                default -> {
                    // Name resolution, statistics, custom and unknown blocks: nothing to check.
                }
            }
        }
    }

    private Interface interfaceBlock(int body, long blockStart) {
        if (body < 8) {
            throw damaged("has an interface description block too short at octet " + blockStart);
        }
        int linkType = getShort(buffer, 0);
        int snap = getInt(buffer, 4, little);
        long unitsPerSecond = 1_000_000;
        int p = 8;
        while (p + 4 <= body) {
            int code = getShort(buffer, p);
            int len = getShort(buffer, p + 2);
            if (code == 0) {
                break;
            }
            if (p + 4 + len > body) {
                throw damaged("has an interface option that overruns its block at octet " + blockStart);
            }
            if (code == 9 && len >= 1) {
                int r = buffer[p + 4] & 0xFF;
                int exponent = r & 0x7F;
                if ((r & 0x80) == 0 && exponent <= 18) {
                    unitsPerSecond = (long) Math.pow(10, exponent);
                } else if ((r & 0x80) != 0 && exponent <= 62) {
                    unitsPerSecond = 1L << exponent;
                } else {
                    throw damaged("has an interface with an unusable time resolution at octet " + blockStart);
                }
            }
            p += 4 + ((len + 3) & ~3);
        }
        return new Interface(linkType, snap, unitsPerSecond);
    }

    /** An enhanced (or obsolete) packet block: interface, timestamp, lengths, then the data. */
    private Frame packetBlock(int body, long blockStart, int headerLength, int interfaceId, int timeAt) {
        if (body < headerLength) {
            throw damaged("has a packet block too short at octet " + blockStart);
        }
        Interface itf = interfaceOf(interfaceId, blockStart);
        long high = getInt(buffer, timeAt, little) & 0xFFFFFFFFL;
        long low = getInt(buffer, timeAt + 4, little) & 0xFFFFFFFFL;
        int captured = getInt(buffer, timeAt + 8, little);
        int original = getInt(buffer, timeAt + 12, little);
        if (captured < 0 || captured > body - headerLength) {
            throw damaged("gives packet " + (frames + 1) + " a captured length larger than its block, at octet " + blockStart);
        }
        System.arraycopy(buffer, headerLength, buffer, 0, captured);
        return new Frame(++frames, nanos((high << 32) | low, itf.unitsPerSecond()), itf.linkType(), buffer, captured,
                Math.max(original, captured));
    }

    private Frame simplePacketBlock(int body, long blockStart) {
        if (body < 4) {
            throw damaged("has a simple packet block too short at octet " + blockStart);
        }
        Interface itf = interfaceOf(0, blockStart);
        int original = getInt(buffer, 0, little);
        int captured = Math.min(body - 4, original < 0 ? Integer.MAX_VALUE : original);
        if (itf.snapLength() > 0) {
            captured = Math.min(captured, itf.snapLength());
        }
        System.arraycopy(buffer, 4, buffer, 0, captured);
        return new Frame(++frames, 0, itf.linkType(), buffer, captured, Math.max(original, captured));
    }

    private Interface interfaceOf(int id, long blockStart) {
        if (id < 0 || id >= interfaces.size()) {
            throw damaged("has a packet at octet " + blockStart + " on interface " + id
                    + ", which no interface description block declares");
        }
        return interfaces.get(id);
    }

    private static long nanos(long units, long unitsPerSecond) {
        if (unitsPerSecond == 1_000_000_000L) {
            return units;
        }
        long seconds = units / unitsPerSecond;
        long rest = units % unitsPerSecond;
        return seconds * 1_000_000_000L + rest * 1_000_000_000L / unitsPerSecond;
    }

    // ------------------------------------------------------------------------------ input

    private void ensure(int n) {
        if (buffer.length < n) {
            buffer = new byte[Math.max(n, buffer.length * 2)];
        }
    }

    /** Reads up to {@code n} octets; fewer only at the end of the file. */
    private int read(byte[] b, int off, int n) {
        try {
            int got = in.readNBytes(b, off, n);
            offset += got;
            return got;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private CaptureFormatException damaged(String what) {
        return new CaptureFormatException(name + " " + what);
    }

    private static int getInt(byte[] b, int at, boolean little) {
        int v = ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        return little ? Integer.reverseBytes(v) : v;
    }

    private int getShort(byte[] b, int at) {
        int v = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        return little ? ((v & 0xFF) << 8) | (v >>> 8) : v;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + name + ": " + e.getMessage(), e);
        }
    }
}
