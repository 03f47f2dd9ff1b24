package tcpconform.sut.agent;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The agent protocol, version 1 (docs/agent-protocol.md): how the harness drives a TCP stack in
 * a child process over the child's standard input and output. Every message is a frame: a
 * 4-octet big-endian length of what follows, a type octet, and a payload of that length less one.
 * Packets are raw IPv4; every other payload is UTF-8 text.
 */
public final class AgentProtocol {

    /** The protocol's version, as HELLO carries it. */
    public static final int VERSION = 1;
    /** What HELLO's first line says, in both directions. */
    public static final String GREETING = "tcpconform-agent " + VERSION;
    /** The largest frame either side accepts: an IPv4 packet is at most 65,535 octets. */
    public static final int MAX_FRAME = 1 << 17;

    // harness to agent
    public static final byte HELLO = 'H';
    public static final byte OPEN = 'O';
    public static final byte PACKET = 'P';
    public static final byte CALL = 'C';
    public static final byte TIMER = 'T';
    public static final byte IDLE = 'I';
    public static final byte STATE = 'S';
    public static final byte QUIT = 'Q';
    // agent to harness (HELLO, PACKET and STATE as well)
    public static final byte SIGNAL = 'G';
    public static final byte DONE = 'D';
    public static final byte CANNOT = 'N';
    public static final byte ERROR = 'E';
    public static final byte LOG = 'L';
    /** The octets a RECEIVE returned, from an agent whose HELLO says {@code data=yes}. */
    public static final byte READ = 'R';

    private AgentProtocol() {
    }

    /** One message. */
    public record Frame(byte type, byte[] payload) {

        public static Frame text(byte type, String text) {
            return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A PACKET from the agent: the agent's clock in milliseconds, then the IPv4 packet. */
        public static Frame packet(long time, byte[] packet) {
            return new Frame(PACKET, ByteBuffer.allocate(8 + packet.length).putLong(time).put(packet).array());
        }

        public String describe() {
            String t = Character.isLetter(type) ? String.valueOf((char) type) : String.format("0x%02x", type & 0xFF);
            return type == PACKET ? t + " (" + payload.length + " octets)" : t + " '" + abbreviated(text()) + "'";
        }
    }

    /** Writes one frame and flushes it. */
    public static void write(OutputStream out, Frame f) throws IOException {
        byte[] head = ByteBuffer.allocate(5).putInt(f.payload().length + 1).put(f.type()).array();
        out.write(head);
        out.write(f.payload());
        out.flush();
    }

    /**
     * Reads one frame; null at the end of the stream between frames.
     *
     * @throws ProtocolException when the stream ends inside a frame or a length is out of bounds
     */
    public static Frame read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int first = d.read();
        if (first < 0) {
            return null;
        }
        try {
            int length = (first << 24) | (d.readUnsignedByte() << 16) | (d.readUnsignedByte() << 8) | d.readUnsignedByte();
            if (length < 1 || length > MAX_FRAME) {
                throw new ProtocolException("a frame length of " + Integer.toUnsignedString(length)
                        + " (1 to " + MAX_FRAME + " allowed)");
            }
            byte type = d.readByte();
            byte[] payload = new byte[length - 1];
            d.readFully(payload);
            return new Frame(type, payload);
        } catch (EOFException e) {
            throw new ProtocolException("the stream ended inside a frame");
        }
    }

    /** A violation of the protocol by the other side. */
    public static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        public ProtocolException(String message) {
            super(message);
        }
    }

    static String abbreviated(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
