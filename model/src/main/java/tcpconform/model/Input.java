package tcpconform.model;

/**
 * What a tester can do to a system under test: a call on its application side, a segment
 * injected from the peer, or the expiry of one of its timers.
 */
public sealed interface Input permits Call, SegmentInput, Timeout {

    /** A short, stable name for reports and exports, e.g. {@code connect} or {@code <S>}. */
    String label();
}
