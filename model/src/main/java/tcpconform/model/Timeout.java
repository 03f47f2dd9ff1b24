package tcpconform.model;

/** The timers of RFC 9293 §3.10.8 and §3.8, as inputs: "let this timer expire". */
public enum Timeout implements Input {
    /** Retransmission timeout (§3.10.8, §3.8.1): the oldest unacknowledged segment is sent again. */
    RETRANSMISSION("rto"),
    /**
     * User timeout (§3.10.8), or R2 retransmissions reached (§3.8.3, MUST-20): give up and close.
     */
    USER("user-timeout"),
    /** TIME-WAIT timeout (§3.10.8): 2 MSL have passed; delete the TCB. */
    TIME_WAIT("2msl"),
    /** Keep-alive timer (§3.8.4): an idle connection sends a probe, if keep-alives are on. */
    KEEPALIVE("keepalive"),
    /** Persist timer (§3.8.6.1): the peer's window is zero and data waits; send a probe. */
    PERSIST("persist");

    private final String label;

    Timeout(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return "timeout:" + label;
    }

    @Override
    public String toString() {
        return label();
    }
}
