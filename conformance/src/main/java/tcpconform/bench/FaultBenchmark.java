package tcpconform.bench;

import java.util.Locale;
import java.util.SplittableRandom;

import tcpconform.stack.Connection;
import tcpconform.stack.ConnectionOptions;
import tcpconform.stack.Listener;
import tcpconform.stack.TcpStack;
import tcpconform.stack.TcpState;
import tcpconform.stack.link.Faults;
import tcpconform.stack.link.Network;

/**
 * The own stack under faults: two stacks over the in-memory link, one connection after another,
 * each with its own link faults drawn at random (loss up to 30 %, duplication, reordering,
 * corruption, delay), send data both ways with a half-close, until the total passes the target.
 * Every octet must arrive exactly once and in order (checked against the sender's stream), and
 * every connection must end in CLOSED with its TCB deleted; the first that does not stops the run
 * with the reason. Time is the link's virtual clock, so retransmission timers cost no wall time.
 *
 * <p>{@code java -cp conformance/target/tcpconform.jar tcpconform.bench.FaultBenchmark [MiB] [seed]}
 */
public final class FaultBenchmark {

    private static final int CLIENT = 0x0A00_0001;
    private static final int SERVER = 0x0A00_0002;
    /** Octets each way of one connection: 128 KiB, so that a GiB takes thousands of connections. */
    private static final int PER_CONNECTION = 128 * 1024;
    /**
     * The most link time a connection may take: a day. Under 30 % loss the retransmission timer
     * can sit at its 60 s ceiling for a while (RTT samples echo old timestamps), so a 128 KiB
     * connection can take more than an hour of link time; it costs no wall time.
     */
    private static final long LIMIT = 86_400_000;

    private FaultBenchmark() {
    }

    public static void main(String[] args) {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        SplittableRandom r = new SplittableRandom(seed);
        long total = 0;
        int connections = 0;
        double worstLoss = 0;
        long start = System.nanoTime();
        long lastReport = start;
        while (total < mib << 20) {
            Faults faults = new Faults(r.nextDouble(0, 0.3), r.nextDouble(0, 0.05), r.nextDouble(0, 0.1),
                    r.nextDouble(0, 0.02), r.nextLong(0, 50), 20);
            worstLoss = Math.max(worstLoss, faults.loss());
            long linkSeed = r.nextLong();
            String problem = transfer(faults, linkSeed, false);
            if (!problem.isEmpty()) {
                System.out.printf(Locale.ROOT, "connection %d failed (%s, link seed %d): %s%n", connections + 1, faults,
                        linkSeed, problem);
                System.exit(1);
            }
            connections++;
            total += 2L * PER_CONNECTION;
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.printf(Locale.ROOT, "%,d MiB in %,d connections (%.0f s)%n", total >> 20, connections,
                        (lastReport - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%,d MiB (%,d octets) delivered exactly once and in order over %,d connections,"
                        + " every one closed and deleted; loss up to %.1f %%; %.1f s, %.1f MiB/s%n",
                total >> 20, total, connections, worstLoss * 100, seconds, (total >> 20) / seconds);
    }

    /** One connection: each side sends its stream and shuts down; empty if all went well, else what did not. */
    static String transfer(Faults faults, long seed, boolean trace) {
        return transfer(faults, seed, trace, null);
    }

    /** The same, with every packet sent handed to {@code tap} (null for none). */
    static String transfer(Faults faults, long seed, boolean trace, Network.Tap tap) {
        Network net = new Network(faults, seed);
        if (trace) {
            net.trace(System.out::println);
        }
        net.tap(tap);
        ConnectionOptions o = new ConnectionOptions().minRto(200).synRetries(30).userTimeout(LIMIT);
        TcpStack client = net.attach(CLIENT, o);
        TcpStack server = net.attach(SERVER, o);
        Listener listener = server.listen(80, 4);
        Connection a = client.connect(0, SERVER, 80, o, net.now());
        Connection[] b = {null};
        if (!net.runUntil(() -> (b[0] = listener.accept()) != null, net.now() + LIMIT)) {
            return "no handshake";
        }
        Stream up = new Stream(seed);
        Stream down = new Stream(~seed);
        boolean done = net.runUntil(() -> {
            up.pump(net, a);
            down.pump(net, b[0]);
            up.drain(net, b[0]);
            down.drain(net, a);
            return up.ended && down.ended && a.state() == TcpState.CLOSED && b[0].state() == TcpState.CLOSED;
        }, net.now() + LIMIT);
        if (!up.problem.isEmpty() || !down.problem.isEmpty()) {
            return up.problem + down.problem;
        }
        if (!done) {
            return "not finished in a day of link time: client " + a.state() + ", server " + b[0].state()
                    + ", up " + up.received + ", down " + down.received;
        }
        if (up.received != PER_CONNECTION || down.received != PER_CONNECTION) {
            return "the streams ended early: up " + up.received + ", down " + down.received;
        }
        if (client.connectionCount() + server.connectionCount() != 0) {
            return "a TCB was left";
        }
        return "";
    }

    /** One direction: a stream of pseudo-random octets, sent and shut down, read back and compared. */
    private static final class Stream {
        private final long seed;
        private final byte[] buffer = new byte[16 * 1024];
        private final byte[] in = new byte[64 * 1024];
        int sent;
        int received;
        boolean shut;
        boolean ended;
        String problem = "";

        Stream(long seed) {
            this.seed = seed;
        }

        private byte octet(int i) {
            long x = (i + seed) * 0x9E37_79B9_7F4A_7C15L;
            return (byte) (x >>> 56);
        }

        void pump(Network net, Connection c) {
            while (sent < PER_CONNECTION && c.sendSpace() > 0) {
                int n = Math.min(Math.min(buffer.length, PER_CONNECTION - sent), c.sendSpace());
                for (int k = 0; k < n; k++) {
                    buffer[k] = octet(sent + k);
                }
                int w = c.send(buffer, 0, n, false, net.now());
                if (w <= 0) {
                    break;
                }
                sent += w;
            }
            if (sent == PER_CONNECTION && !shut) {
                c.shutdown(net.now());
                shut = true;
            }
        }

        void drain(Network net, Connection c) {
            while (!ended) {
                int n = c.receive(in, 0, in.length, net.now());
                if (n < 0 || (n == 0 && c.state() == TcpState.CLOSED && c.available() == 0)) {
                    ended = true;
                    return;
                }
                if (n == 0) {
                    return;
                }
                for (int k = 0; k < n; k++) {
                    if (in[k] != octet(received + k) && problem.isEmpty()) {
                        problem = "octet " + (received + k) + " differs from what was sent";
                    }
                }
                received += n;
            }
        }
    }
}
