package tcpconform.model.reference;

/**
 * A segment with its numbers, as it travels between the tester and the system under test.
 *
 * @param syn    SYN bit
 * @param ack    ACK bit
 * @param fin    FIN bit
 * @param rst    RST bit
 * @param seq    SEG.SEQ
 * @param ackNo  SEG.ACK (meaningful when the ACK bit is on)
 * @param window SEG.WND
 * @param length the number of data octets
 */
public record ConcreteSegment(boolean syn, boolean ack, boolean fin, boolean rst,
                              long seq, long ackNo, int window, int length) {

    public ConcreteSegment {
        if (!Seq.valid(seq) || !Seq.valid(ackNo)) {
            throw new IllegalArgumentException("sequence numbers are 32-bit: " + seq + ", " + ackNo);
        }
        if (window < 0 || window > 0xFFFF || length < 0) {
            throw new IllegalArgumentException("bad window or length: " + window + ", " + length);
        }
    }

    /** SEG.LEN: data octets plus one for SYN and one for FIN (§3.4). */
    public long segLen() {
        return length + (syn ? 1 : 0) + (fin ? 1 : 0);
    }

    /** tcpdump's notation, e.g. {@code S. seq 100 ack 201 win 65535 length 0}. */
    public String tcpdump() {
        StringBuilder f = new StringBuilder();
        if (syn) {
            f.append('S');
        }
        if (fin) {
            f.append('F');
        }
        if (rst) {
            f.append('R');
        }
        if (length > 0) {
            f.append('P');
        }
        if (ack) {
            f.append('.');
        }
        StringBuilder s = new StringBuilder("[").append(f.length() == 0 ? "none" : f).append("] seq ").append(seq);
        if (ack) {
            s.append(" ack ").append(ackNo);
        }
        return s.append(" win ").append(window).append(" length ").append(length).toString();
    }

    @Override
    public String toString() {
        return tcpdump();
    }
}
