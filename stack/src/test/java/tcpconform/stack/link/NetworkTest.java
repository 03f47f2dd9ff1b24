package tcpconform.stack.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.stack.Connection;
import tcpconform.stack.ConnectionOptions;
import tcpconform.stack.Listener;
import tcpconform.stack.TcpStack;
import tcpconform.stack.TcpState;
import tcpconform.stack.wire.Addresses;

/** The in-memory network: seeded, reproducible, faults as configured. */
class NetworkTest {

    private static final int A = Addresses.parse("10.0.0.1");
    private static final int B = Addresses.parse("10.0.0.2");

    /** Transfers 300 kB over a lossy, reordering, duplicating, corrupting link; returns a trace. */
    private static String run(long seed) {
        Network net = new Network(new Faults(0.05, 0.02, 0.05, 0.01, 10, 30), seed);
        TcpStack a = net.attach(A, new ConnectionOptions());
        TcpStack b = net.attach(B, new ConnectionOptions());
        Listener l = b.listen(80, 4);
        Connection c = a.connect(B, 80, net.now());
        Connection[] s = new Connection[1];
        net.runUntil(() -> (s[0] = l.accept()) != null, 600_000);
        byte[] data = new byte[300_000];
        int[] sent = {0};
        long[] got = {0};
        byte[] sink = new byte[65536];
        assertTrue(net.runUntil(() -> {
            if (sent[0] < data.length) {
                sent[0] += c.send(data, sent[0], data.length - sent[0], false, net.now());
            }
            int n;
            while ((n = s[0].receive(sink, 0, sink.length, net.now())) > 0) {
                got[0] += n;
            }
            return got[0] == data.length;
        }, 10_000_000));
        return net.now() + "/" + net.delivered() + "/" + net.dropped() + "/" + a.counters().packetsSent;
    }

    @Test
    @DisplayName("the same seed gives the same run, packet for packet")
    void sameSeed_sameRun() {
        assertEquals(run(5), run(5));
    }

    @Test
    @DisplayName("another seed gives another run")
    void otherSeed_otherRun() {
        assertNotEquals(run(5), run(6));
    }

    @Test
    @DisplayName("probabilities outside [0, 1) are refused with the name of the parameter")
    void badProbability_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Faults(1.5, 0, 0, 0, 0, 0));
        assertTrue(e.getMessage().startsWith("loss"));
    }

    @Test
    @DisplayName("many connections at once are kept apart by their four-tuples")
    void manyConnections_demultiplexed() {
        Network net = new Network(Faults.delay(1), 1);
        TcpStack a = net.attach(A, new ConnectionOptions());
        TcpStack b = net.attach(B, new ConnectionOptions());
        Listener l = b.listen(80, 500);
        Connection[] clients = new Connection[300];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = a.connect(B, 80, net.now());
            clients[i].send(new byte[] {(byte) i}, net.now());
        }
        net.runFor(1000);
        int accepted = 0;
        byte[] one = new byte[4];
        java.util.Map<Integer, Integer> indexByPort = new java.util.HashMap<>();
        for (int i = 0; i < clients.length; i++) {
            indexByPort.put(clients[i].localPort(), i);
        }
        Connection s;
        while ((s = l.accept()) != null) {
            assertEquals(1, s.receive(one, 0, 4, net.now()));
            assertEquals(indexByPort.get(s.remotePort()).byteValue(), one[0], "each server connection got its client's byte");
            accepted++;
        }
        assertEquals(300, accepted);
        for (Connection c : clients) {
            assertEquals(TcpState.ESTABLISHED, c.state());
        }
    }
}
