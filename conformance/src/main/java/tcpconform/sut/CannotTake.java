package tcpconform.sut;

/**
 * Thrown by a target that cannot take an input in the situation at hand, with the reason: for
 * example, the sockets API gives the application no handle on a connection in SYN-RECEIVED, so
 * a CLOSE there cannot be made. The step is INCONCLUSIVE, and the case ends there.
 */
public final class CannotTake extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CannotTake(String reason) {
        super(reason, null, false, false);
    }
}
