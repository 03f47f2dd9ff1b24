package tcpconform.model;

/**
 * The user calls of RFC 9293 §3.9.1 and §3.10.1–§3.10.5, as a sockets application makes them.
 */
public enum Call implements Input {
    /** Passive OPEN (§3.10.1): wait for a connection. */
    LISTEN("listen"),
    /** Active OPEN (§3.10.1): send a SYN. */
    CONNECT("connect"),
    /** SEND (§3.10.2) of some octets. */
    SEND("send"),
    /** RECEIVE (§3.10.3): read what has arrived. */
    RECEIVE("receive"),
    /** The RFC's CLOSE (§3.10.4): "I have no more data to send"; a FIN follows queued data. */
    SHUTDOWN("shutdown"),
    /**
     * The application releases the connection: CLOSE (§3.10.4), and it will read no more. With
     * half-duplex close (MAY-1) data still unread or arriving later is answered with a RST (SHLD-3).
     */
    CLOSE("close"),
    /** ABORT (§3.10.5): RST, queued data dropped. */
    ABORT("abort");

    private final String label;

    Call(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
