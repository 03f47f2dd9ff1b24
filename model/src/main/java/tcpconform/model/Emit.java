package tcpconform.model;

/**
 * A segment the system under test sends, abstracted by its control bits and whether it carries
 * data. The reference pins the numbers; this abstraction is what the state graph records.
 */
public enum Emit implements Output {
    SYN("S"),
    SYN_ACK("S."),
    /** An ACK without data (including a challenge ACK, a duplicate ACK, a keep-alive probe). */
    ACK("."),
    /** An ACK carrying data (including a zero-window probe). */
    DATA("P."),
    /** A FIN, with the ACK bit (every segment after the handshake carries it), data or not. */
    FIN("F."),
    /** A RST; the ACK bit as the RFC leaves it (§3.10.5 ABORT, §3.5.2 with the ACK bit on). */
    RST("R"),
    /** A RST with the ACK bit on (§3.5.2, in reply to a segment whose ACK bit was off). */
    RST_ACK("R.");

    private final String label;

    Emit(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return ">" + label;
    }

    @Override
    public String toString() {
        return label();
    }
}
