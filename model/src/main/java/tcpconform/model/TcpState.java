package tcpconform.model;

/**
 * The eleven connection states of RFC 9293 §3.3.2, with their RFC names.
 *
 * <p>CLOSED is "fictional because it represents the state when there is no TCB"; it is still a
 * vertex of the state graph, because every test case starts and ends there.
 */
public enum TcpState {
    CLOSED("CLOSED"),
    LISTEN("LISTEN"),
    SYN_SENT("SYN-SENT"),
    SYN_RECEIVED("SYN-RECEIVED"),
    ESTABLISHED("ESTABLISHED"),
    FIN_WAIT_1("FIN-WAIT-1"),
    FIN_WAIT_2("FIN-WAIT-2"),
    CLOSE_WAIT("CLOSE-WAIT"),
    CLOSING("CLOSING"),
    LAST_ACK("LAST-ACK"),
    TIME_WAIT("TIME-WAIT");

    private final String rfcName;

    TcpState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The name as RFC 9293 writes it, e.g. {@code SYN-RECEIVED}. */
    public String rfcName() {
        return rfcName;
    }

    /** Whether a receive sequence space exists: every state from SYN-RECEIVED on (§3.10.7.4). */
    public boolean hasReceiveSequenceSpace() {
        return this != CLOSED && this != LISTEN && this != SYN_SENT;
    }

    /**
     * Whether the connection is synchronized: ESTABLISHED and every state after it
     * (§3.5.2, reset generation group 3).
     */
    public boolean isSynchronized() {
        return hasReceiveSequenceSpace() && this != SYN_RECEIVED;
    }

    /** Whether the peer's FIN has been received (the receive side is closed). */
    public boolean hasReceivedFin() {
        return switch (this) {
            case CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
