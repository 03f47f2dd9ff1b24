package tcpconform.stack;

import java.util.ArrayDeque;

/**
 * A passive OPEN (§3.10.1) on one local port: the LISTEN state. SYNs create connections in
 * SYN-RECEIVED; those that complete the handshake wait in the accept queue. The backlog bounds
 * both together. A SYN that finds them full is answered with a SYN cookie ({@link SynCookies})
 * while the accept queue has room, and dropped otherwise (the peer will retransmit it); so a
 * listener never holds more than the backlog's worth of connections in the handshake, nor more
 * than a backlog's worth waiting to be accepted, whatever arrives.
 */
public final class Listener {

    private final TcpStack stack;
    private final int port;
    private final int backlog;
    private final ConnectionOptions options;
    private final ArrayDeque<Connection> acceptQueue = new ArrayDeque<>();
    private int embryonic;
    private boolean open = true;
    /** When the last SYN cookie was sent; cookies are honoured only for a while after one. */
    private long cookieSentAt = Long.MIN_VALUE;

    Listener(TcpStack stack, int port, int backlog, ConnectionOptions options) {
        this.stack = stack;
        this.port = port;
        this.backlog = backlog;
        this.options = options;
    }

    public int port() {
        return port;
    }

    public TcpState state() {
        return open ? TcpState.LISTEN : TcpState.CLOSED;
    }

    /** The next connection that completed its handshake, or null when there is none. */
    public Connection accept() {
        Connection c = acceptQueue.poll();
        if (c != null) {
            c.owned = true;
        }
        return c;
    }

    /**
     * CLOSE on a listener (§3.10.4, LISTEN: delete the TCB). Connections the application accepted
     * live on; those it never accepted, in the handshake or waiting in the accept queue, are aborted
     * with a RST (§3.10.5), since nobody else could ever close them. Linux, closing a listening
     * socket, likewise resets what waits in its accept queue.
     */
    public void close(long now) {
        if (open) {
            open = false;
            stack.stopListening(this, now);
        }
    }

    boolean hasRoom() {
        return open && embryonic + acceptQueue.size() < backlog;
    }

    /** Whether a connection that completed its handshake by a cookie can be queued now. */
    boolean acceptQueueHasRoom() {
        return open && acceptQueue.size() < backlog;
    }

    void cookieSent(long now) {
        cookieSentAt = now;
    }

    /**
     * Whether an ACK arriving here may carry a cookie: only within two cookie periods of the
     * last one sent. Otherwise an ACK in LISTEN is answered with a RST as §3.10.7.2 says, and a
     * blind attacker has no 2^-24 chance of opening a connection.
     */
    boolean cookiesRecent(long now) {
        return cookieSentAt != Long.MIN_VALUE && now - cookieSentAt <= 2 * SynCookies.PERIOD_MS;
    }

    ConnectionOptions options() {
        return options;
    }

    void synReceived() {
        embryonic++;
    }

    void established(Connection c, boolean wasEmbryonic) {
        if (wasEmbryonic) {
            embryonic--;
        }
        acceptQueue.add(c);
    }

    /** A connection of this listener was deleted before or after the handshake. */
    void forget(Connection c, boolean wasEmbryonic) {
        if (wasEmbryonic) {
            embryonic--;
        } else {
            acceptQueue.remove(c);
        }
    }
}
