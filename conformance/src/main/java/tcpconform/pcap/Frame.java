package tcpconform.pcap;

/**
 * One captured frame, as a capture file holds it. The bytes belong to the reader and are valid
 * until it reads the next frame.
 *
 * @param number         the frame's number, counted from 1 in file order (as Wireshark counts)
 * @param timeNanos      the capture time in nanoseconds since the epoch
 * @param linkType       the LINKTYPE_ value of the interface it was captured on
 * @param data           the captured bytes, from offset 0
 * @param length         how many bytes of {@code data} were captured
 * @param originalLength the frame's length on the wire (more than {@code length} if the snapshot
 *                       length cut it)
 */
public record Frame(long number, long timeNanos, int linkType, byte[] data, int length, int originalLength) {
}
