package tcpconform.stack;

/** A user call that RFC 9293 §3.10 answers with an error, named as the RFC names it. */
public final class TcpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        CONNECTION_DOES_NOT_EXIST("connection does not exist"),
        CONNECTION_ALREADY_EXISTS("connection already exists"),
        CONNECTION_CLOSING("connection closing"),
        CONNECTION_RESET("connection reset"),
        CONNECTION_REFUSED("connection refused"),
        TIMED_OUT("connection aborted due to user timeout"),
        INSUFFICIENT_RESOURCES("insufficient resources"),
        ILLEGAL_ADDRESS("remote socket not a valid unicast address");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public TcpException(Reason reason) {
        super("error: " + reason.text());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
