package tcpconform.stack;

/**
 * SYN cookies (RFC 4987 §3.6; RFC 9293 §7 names SYN flooding among the attacks on a server's
 * resources that implementations mitigate). When a listener's backlog is full of connections
 * in the handshake, a SYN is answered with a SYN,ACK whose sequence number encodes what the
 * stack would otherwise have kept, and no TCB is made; the peer's ACK of it brings everything
 * back, and only then is the connection created, directly in ESTABLISHED.
 *
 * <p>The cookie, 32 bits: a time counter modulo 32 (5 bits, one tick every {@link #PERIOD_MS}),
 * the index of the peer's MSS in {@link #MSS_TABLE} (3 bits), and 24 bits of a keyed hash of
 * the four-tuple, the peer's ISN, the counter and the index. A cookie is honoured for one to two
 * periods. What it cannot hold is given up, as RFC 4987 §3.6 describes: a cookie SYN,ACK offers
 * no window scale, SACK or timestamps, and the MSS is rounded down to the table.
 *
 * <p>A cookie is an ISN that does not follow the 4 µs clock of §3.4.1 (MUST-8): it is used only
 * while the backlog is full, which is the trade every SYN-cookie implementation makes.
 */
final class SynCookies {

    /** How long one value of the cookie's time counter lasts. */
    static final long PERIOD_MS = 64_000;
    /** The peer MSS values a cookie can carry, ascending; the first is §3.7.1's default. */
    static final int[] MSS_TABLE = {536, 1200, 1300, 1360, 1400, 1440, 1460, 8960};

    private static final int HASH_BITS = 24;
    private static final int HASH_MASK = (1 << HASH_BITS) - 1;

    private final TcpStack stack;

    SynCookies(TcpStack stack) {
        this.stack = stack;
    }

    /** The window a cookie SYN,ACK offers, unscaled (it carries no window scale option). */
    static int window(ConnectionOptions options) {
        return Math.min(options.receiveBuffer(), 65535);
    }

    /** The cookie for a SYN from {@code remoteAddress:remotePort} with ISN {@code peerIsn}. */
    int make(int localPort, int remoteAddress, int remotePort, int peerIsn, int peerMss, long now) {
        long counter = now / PERIOD_MS;
        int index = 0;
        while (index + 1 < MSS_TABLE.length && MSS_TABLE[index + 1] <= peerMss) {
            index++;
        }
        int encoded = (int) ((counter & 0x1F) << 3) | index;
        return (encoded << HASH_BITS) | hash(localPort, remoteAddress, remotePort, peerIsn, counter, index);
    }

    /**
     * The peer MSS a returning ACK's cookie carries, or -1 if it carries none. The ACK must
     * acknowledge cookie + 1 and carry the peer's ISN + 1 as its sequence number; the cookie
     * must be from this period or the one before.
     */
    int check(int localPort, int remoteAddress, int remotePort, int seq, int ack, long now) {
        int cookie = ack - 1;
        int peerIsn = seq - 1;
        int index = (cookie >>> HASH_BITS) & 0x7;
        int tick = cookie >>> (HASH_BITS + 3);
        long current = now / PERIOD_MS;
        for (long counter = current; counter >= Math.max(current - 1, 0); counter--) {
            if ((counter & 0x1F) == tick
                    && (cookie & HASH_MASK) == hash(localPort, remoteAddress, remotePort, peerIsn, counter, index)) {
                return MSS_TABLE[index];
            }
        }
        return -1;
    }

    private int hash(int localPort, int remoteAddress, int remotePort, int peerIsn, long counter, int index) {
        int encoded = (int) (counter << 3) | index;
        return (int) stack.isn().cookieHash(stack.localAddress(), localPort, remoteAddress, remotePort, peerIsn, encoded)
                & HASH_MASK;
    }
}
