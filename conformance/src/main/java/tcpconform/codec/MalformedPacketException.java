package tcpconform.codec;

/** A packet a target sent that is not a well-formed IPv4 packet carrying TCP. */
public final class MalformedPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String reason) {
        super(reason);
    }
}
