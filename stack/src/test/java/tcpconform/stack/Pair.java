package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import tcpconform.stack.link.Faults;
import tcpconform.stack.link.Network;
import tcpconform.stack.wire.Addresses;

/** Two stacks over the in-memory network: a client and a server with a listener on port 80. */
final class Pair {

    static final int CLIENT = Addresses.parse("10.0.0.1");
    static final int SERVER = Addresses.parse("10.0.0.2");
    static final long LIMIT = 3_600_000;

    final Network net;
    final TcpStack client;
    final TcpStack server;
    final Listener listener;
    private final ConnectionOptions options;
    Connection a;
    Connection b;

    Pair(Faults faults, long seed, ConnectionOptions options) {
        this.options = options;
        net = new Network(faults, seed);
        if (Boolean.getBoolean("trace")) {
            net.trace(System.out::println);
        }
        client = net.attach(CLIENT, options);
        server = net.attach(SERVER, options);
        listener = server.listen(80, 16);
    }

    /** Connects the client to the server and accepts: both ESTABLISHED. */
    Pair connect() {
        a = client.connect(0, SERVER, 80, options, net.now());
        assertTrue(net.runUntil(() -> (b = listener.accept()) != null, net.now() + LIMIT), "handshake completes");
        assertTrue(net.runUntil(() -> a.state() == TcpState.ESTABLISHED, net.now() + LIMIT));
        assertNotNull(b);
        return this;
    }


    /** Writes everything from {@code data} into {@code c} as room appears, while running the network. */
    static void pump(Network net, Connection c, byte[] data, int[] position) {
        if (position[0] < data.length && c.sendSpace() > 0) {
            position[0] += c.send(data, position[0], data.length - position[0], false, net.now());
        }
    }

    /** Reads whatever is available from {@code c} into {@code sink}; returns false at end of stream. */
    static boolean drain(Network net, Connection c, ByteArrayOutputStream sink) {
        byte[] buf = new byte[65536];
        while (true) {
            if (c.state() == TcpState.CLOSED && c.available() == 0) {
                return false;
            }
            int n = c.receive(buf, 0, buf.length, net.now());
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                return true;
            }
            sink.write(buf, 0, n);
        }
    }
}
