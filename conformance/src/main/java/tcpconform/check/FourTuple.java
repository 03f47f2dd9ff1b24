package tcpconform.check;

/**
 * The two ends of a connection, in a fixed order, so that both directions name one connection.
 * The decoder makes it, on the reading thread, for the tracker to look the connection up.
 *
 * @param low  the end that orders first ({@link Peer#compareTo})
 * @param high the other end
 */
record FourTuple(Peer low, Peer high) {

    static FourTuple of(Peer a, Peer b) {
        return a.compareTo(b) <= 0 ? new FourTuple(a, b) : new FourTuple(b, a);
    }

    // Written out rather than left to the record: they run for every packet.
    @Override
    public boolean equals(Object o) {
        return o instanceof FourTuple t && t.low.equals(low) && t.high.equals(high);
    }

    @Override
    public int hashCode() {
        return low.hashCode() * 31 + high.hashCode();
    }
}
