package tcpconform.stack;

import java.util.ArrayDeque;

/**
 * A passive OPEN (§3.10.1) on one local port: the LISTEN state. SYNs create connections in
 * SYN-RECEIVED; those that complete the handshake wait in the accept queue. The backlog bounds
 * both together: a SYN that finds them full is dropped, and the peer will retransmit it.
 */
public final class Listener {

    private final TcpStack stack;
    private final int port;
    private final int backlog;
    private final ConnectionOptions options;
    private final ArrayDeque<Connection> acceptQueue = new ArrayDeque<>();
    private int embryonic;
    private boolean open = true;

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

    ConnectionOptions options() {
        return options;
    }

    void synReceived() {
        embryonic++;
    }

    void established(Connection c) {
        embryonic--;
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
