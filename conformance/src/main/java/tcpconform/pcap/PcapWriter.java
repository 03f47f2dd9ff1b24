package tcpconform.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes the classic libpcap format with link type LINKTYPE_RAW (101: each record is an IPv4
 * packet with no link header), which Wireshark and tshark open. A 24-octet file header, then a
 * 16-octet record header per packet: seconds, microseconds, captured length, original length.
 * Written little-endian with the magic number 0xa1b2c3d4, so readers detect the byte order.
 */
public final class PcapWriter implements Closeable {

    public static final int MAGIC = 0xA1B2C3D4;
    public static final int LINKTYPE_RAW = 101;
    public static final int SNAPLEN = 65535;

    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);

    public PcapWriter(OutputStream out) throws IOException {
        this.out = new BufferedOutputStream(out);
        header.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(LINKTYPE_RAW);
        this.out.write(header.array(), 0, 24);
    }

    /** Appends one IPv4 packet seen at {@code micros} microseconds since the epoch of the capture. */
    public void write(long micros, byte[] packet, int offset, int length) throws IOException {
        if (micros < 0) {
            throw new IllegalArgumentException("negative timestamp: " + micros);
        }
        int captured = Math.min(length, SNAPLEN);
        header.clear();
        header.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(captured)
                .putInt(length);
        out.write(header.array(), 0, 16);
        out.write(packet, offset, captured);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
