package tcpconform.model;

/** What a system under test produces: a segment on the wire, or something its application sees. */
public sealed interface Output permits Emit, Notify {

    /** A short, stable name for reports and exports. */
    String label();
}
