package tcpconform.pcap;

/**
 * The capture file is malformed, truncated or of a kind this reader does not support. The frames
 * read before the damage remain valid; the message says where reading stopped, in one line.
 */
public final class CaptureFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
