package tcpconform.stack;

/**
 * Where the stack's IPv4 packets go. The array is the stack's own and is reused for the next
 * packet: copy what you keep before returning.
 */
@FunctionalInterface
public interface PacketSink {
    void send(byte[] packet, int offset, int length);
}
