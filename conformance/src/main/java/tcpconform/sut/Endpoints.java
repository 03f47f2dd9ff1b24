package tcpconform.sut;

/**
 * The two ends of every case: the target listens or connects on {@link #TARGET_PORT} of {@link
 * #TARGET}; the tester plays {@link #TESTER_PORT} on {@link #TESTER}. Private addresses
 * (RFC 1918), which never leave the machine.
 */
public final class Endpoints {

    /** 10.0.0.1. */
    public static final int TARGET = 0x0A00_0001;
    /** 10.0.0.2. */
    public static final int TESTER = 0x0A00_0002;
    public static final int TARGET_PORT = 80;
    public static final int TESTER_PORT = 40000;

    private Endpoints() {
    }
}
