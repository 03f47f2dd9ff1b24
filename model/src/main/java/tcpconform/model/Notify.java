package tcpconform.model;

/** What the application sees (§3.9.1.8 and the responses of §3.10). */
public enum Notify implements Output {
    /** The connection is established: connect returns, or accept yields it. */
    CONNECTED("connected"),
    /** A RECEIVE returns data. */
    DATA("data"),
    /** A RECEIVE finds the peer's FIN: "connection closing", read returns 0. */
    EOF("eof"),
    /** "connection reset" (§3.10.7.4 second step, synchronized states). */
    RESET("reset"),
    /** "connection refused" (§3.10.7.3, RST in SYN-SENT; §3.10.7.4, RST in SYN-RECEIVED after an active OPEN). */
    REFUSED("refused"),
    /** "connection aborted due to user timeout" (§3.10.8), or R2 reached (MUST-20). */
    TIMED_OUT("timed-out"),
    /** "error: connection already exists" (§3.10.1). */
    ALREADY_EXISTS("error:exists"),
    /** "error: connection does not exist" (§3.10.2–§3.10.5 in CLOSED). */
    NO_CONNECTION("error:no-connection"),
    /** "error: connection closing" (§3.10.2, §3.10.4). */
    CLOSING("error:closing");

    private final String label;

    Notify(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return "!" + label;
    }

    @Override
    public String toString() {
        return label();
    }
}
