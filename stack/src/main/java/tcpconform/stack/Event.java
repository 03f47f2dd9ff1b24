package tcpconform.stack;

/**
 * What the stack tells the application (RFC 9293 §3.9.1 "TCP-to-user" signals). Exactly one of
 * {@link Type#RESET}, {@link Type#REFUSED}, {@link Type#TIMED_OUT} or {@link Type#CLOSED} ends
 * every connection the application did not abort itself.
 *
 * @param type       what happened
 * @param connection the connection it happened to, or null for a listener's event
 * @param listener   the listener, for {@link Type#ACCEPTABLE}; otherwise null
 */
public record Event(Type type, Connection connection, Listener listener) {

    public enum Type {
        /** A connection completed its handshake on a listener and waits in its accept queue. */
        ACCEPTABLE,
        /** An active open completed (SYN-SENT to ESTABLISHED). */
        CONNECTED,
        /** Data arrived that the application has not read. */
        READABLE,
        /** Room appeared in the send buffer after a send could not take everything. */
        WRITABLE,
        /** The peer's urgent pointer moved past what the application has read (MUST-32). */
        URGENT,
        /** The peer sent FIN: no more data will arrive ("connection closing"). */
        END_OF_STREAM,
        /** The peer reset the connection ("connection reset"). */
        RESET,
        /** The peer refused the connection: RST in SYN-SENT or SYN-RECEIVED. */
        REFUSED,
        /** Retransmissions or keep-alives went unanswered, or the user timeout expired. */
        TIMED_OUT,
        /** The connection ended normally: its TCB was deleted. */
        CLOSED
    }
}
