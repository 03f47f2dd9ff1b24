package tcpconform.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import tcpconform.stack.Connection;
import tcpconform.stack.ConnectionOptions;
import tcpconform.stack.Listener;
import tcpconform.stack.TcpStack;
import tcpconform.stack.TcpState;
import tcpconform.stack.link.Faults;
import tcpconform.stack.link.Network;
import tcpconform.stack.wire.Codec;
import tcpconform.stack.wire.Segment;

/**
 * The own stack under load, over the in-memory link (5 ms each way, virtual time):
 * <ol>
 * <li><b>Concurrent connections</b>: a client opens N connections to one listener, all of them
 * are open at once and each carries a request and its echo (checked octet for octet) while the
 * others are open; then all close. Reports the heap held per open connection.</li>
 * <li><b>SYN flood</b>: SYNs from spoofed source addresses (198.18.0.0/15, the benchmarking range
 * of RFC 2544; nobody answers the SYN,ACKs) arrive at a fixed rate while a legitimate client opens
 * connections among them, each with a checked request and echo. Reports how many legitimate
 * connections complete, the most TCBs the server held, the heap during and after the flood, and
 * what remains once the flood's handshakes have timed out. The same flood is run with SYN
 * cookies off, as the reference that shows what they change.</li>
 * </ol>
 * Every check that fails is reported and the exit code is 1.
 *
 * <p>{@code java -cp conformance/target/tcpconform.jar tcpconform.bench.LoadBenchmark [connections] [flood SYNs]}
 */
public final class LoadBenchmark {

    private static final int CLIENT = 0x0A00_0001;
    private static final int SERVER = 0x0A00_0002;
    private static final int SPOOFED_NET = 0xC612_0000; // 198.18.0.0/15
    private static final int PORT = 80;
    private static final int REQUEST = 1024;
    /** Buffers per connection and direction: small, so that 10,000 connections fit a modest heap. */
    private static final int BUFFER = 8 * 1024;
    private static final long DELAY_MS = 5;

    private LoadBenchmark() {
    }

    public static void main(String[] args) {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int flood = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        List<String> problems = new ArrayList<>();
        Concurrent c = concurrent(connections);
        System.out.println(c);
        problems.addAll(c.problems);
        Flood withCookies = flood(flood, 128, true);
        System.out.println(withCookies);
        problems.addAll(withCookies.problems);
        Flood without = flood(flood, 128, false);
        System.out.println(without);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("FAILED: " + p));
            System.exit(1);
        }
    }

    static ConnectionOptions options(boolean cookies) {
        return new ConnectionOptions().sendBuffer(BUFFER).receiveBuffer(BUFFER).msl(500).delayedAck(0)
                .synCookies(cookies);
    }

    /** The result of the concurrent-connections run. */
    record Concurrent(int connections, int openAtOnce, long heapPerConnection, double seconds,
            long cookieConnections, List<String> problems) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "concurrent: %,d connections, %,d open at once on the server (%,d of them"
                    + " by SYN cookie), each request echoed intact; heap %,d bytes per open connection (client and server"
                    + " TCBs, %d KiB buffers each way); all closed and deleted; %.1f s", connections, openAtOnce,
                    cookieConnections, heapPerConnection, BUFFER >> 10, seconds);
        }
    }

    /** The result of one flood run. */
    record Flood(int synsSent, boolean cookies, int legitimate, int completed, long medianLatency, long maxLatency,
            int mostTcbs, long heapBefore, long heapDuring, long heapAfter, int tcbsLeft, long cookiesSent,
            double seconds, List<String> problems) {
        @Override
        public String toString() {
            String latency = medianLatency < 0 ? "" : String.format(Locale.ROOT,
                    ", open to echo in %,d ms (median) and %,d ms (max) of link time", medianLatency, maxLatency);
            return String.format(Locale.ROOT, "flood, SYN cookies %s: %,d spoofed SYNs; %,d of %,d legitimate connections"
                    + " completed%s; at most %,d TCBs on the server; %,d cookies sent; heap %,d KiB before, %,d KiB at"
                    + " the flood's end, %,d KiB after; %d TCBs left once the handshakes timed out; %.1f s",
                    cookies ? "on" : "off", synsSent, completed, legitimate, latency, mostTcbs,
                    cookiesSent, heapBefore >> 10, heapDuring >> 10, heapAfter >> 10, tcbsLeft, seconds);
        }
    }

    /** Opens {@code count} connections, 50 a millisecond, holds them all open, echoes on each, closes all. */
    static Concurrent concurrent(int count) {
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        Network net = new Network(Faults.delay(DELAY_MS), 11);
        TcpStack client = net.attach(CLIENT, options(true));
        TcpStack server = net.attach(SERVER, options(true));
        Listener listener = server.listen(PORT, 1024, options(true));
        long heapBefore = heapAfterGc();
        Server echo = new Server(listener);
        List<Exchange> all = new ArrayList<>(count);
        while (all.size() < count) {
            for (int i = 0; i < 50 && all.size() < count; i++) {
                all.add(new Exchange(client, all.size(), net.now(), false));
            }
            net.runUntil(() -> {
                echo.pump(net.now());
                return false;
            }, net.now() + 1);
        }
        boolean allEchoed = net.runUntil(() -> {
            echo.pump(net.now());
            for (Exchange e : all) {
                e.pump(net.now());
            }
            return all.stream().allMatch(e -> e.echoed);
        }, net.now() + 600_000);
        int openAtOnce = server.connectionCount();
        long heapOpen = heapAfterGc();
        if (!allEchoed) {
            problems.add("concurrent: " + all.stream().filter(e -> !e.echoed).count() + " connections not echoed in 10 min");
        }
        all.forEach(e -> e.closeWhenEchoed = true);
        boolean closed = net.runUntil(() -> {
            echo.pump(net.now());
            for (Exchange e : all) {
                e.pump(net.now());
            }
            return client.connectionCount() + server.connectionCount() == 0;
        }, net.now() + 600_000);
        all.stream().map(e -> e.problem).filter(p -> !p.isEmpty()).findFirst().ifPresent(problems::add);
        echo.problem().ifPresent(problems::add);
        if (!closed) {
            problems.add("concurrent: TCBs left after closing: " + (client.connectionCount() + server.connectionCount()));
        }
        if (openAtOnce != count) {
            problems.add("concurrent: " + openAtOnce + " connections open at once on the server, not " + count);
        }
        long perConnection = (heapOpen - heapBefore) / Math.max(count, 1);
        return new Concurrent(count, openAtOnce, perConnection, (System.nanoTime() - t0) / 1e9,
                server.counters().cookieConnections, problems);
    }

    /**
     * {@code syns} spoofed SYNs, 100 a millisecond (100,000 a second), to a listener with
     * {@code backlog}; a legitimate connection opens every 10 ms among them.
     */
    static Flood flood(int syns, int backlog, boolean cookies) {
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        Network net = new Network(Faults.delay(DELAY_MS), 13);
        TcpStack client = net.attach(CLIENT, options(true));
        TcpStack server = net.attach(SERVER, options(cookies));
        Listener listener = server.listen(PORT, backlog, options(cookies));
        Server echo = new Server(listener);
        Attacker attacker = new Attacker(server, 17);
        List<Exchange> legitimate = new ArrayList<>();
        long heapBefore = heapAfterGc();
        int mostTcbs = 0;
        int sent = 0;
        while (sent < syns) {
            for (int i = 0; i < 100 && sent < syns; i++, sent++) {
                attacker.syn(net.now());
            }
            if (net.now() % 10 == 0) {
                Exchange e = new Exchange(client, legitimate.size(), net.now(), true);
                legitimate.add(e);
            }
            net.runUntil(() -> {
                echo.pump(net.now());
                for (Exchange e : legitimate) {
                    e.pump(net.now());
                }
                return false;
            }, net.now() + 1);
            mostTcbs = Math.max(mostTcbs, server.connectionCount());
        }
        long heapDuring = heapAfterGc();
        // The flood is over: let the legitimate connections finish (or give up), and the flood's
        // embryonic connections time out.
        net.runUntil(() -> {
            echo.pump(net.now());
            for (Exchange e : legitimate) {
                e.pump(net.now());
            }
            return client.connectionCount() == 0 && server.connectionCount() == 0
                    && server.nextDeadline() == Long.MAX_VALUE;
        }, net.now() + 3_600_000);
        int completed = (int) legitimate.stream().filter(e -> e.echoed && e.closedCleanly).count();
        long[] latencies = legitimate.stream().mapToLong(e -> e.latency).filter(l -> l >= 0).sorted().toArray();
        long median = latencies.length == 0 ? -1 : latencies[latencies.length / 2];
        long max = latencies.length == 0 ? -1 : latencies[latencies.length - 1];
        legitimate.stream().map(e -> e.problem).filter(p -> !p.isEmpty()).findFirst().ifPresent(problems::add);
        echo.problem().ifPresent(problems::add);
        int tcbsLeft = server.connectionCount();
        long heapAfter = heapAfterGc();
        if (cookies && completed != legitimate.size()) {
            problems.add("flood: " + (legitimate.size() - completed) + " legitimate connections did not complete");
        }
        if (mostTcbs > backlog + legitimate.size()) {
            problems.add("flood: the server held " + mostTcbs + " TCBs, more than the backlog " + backlog
                    + " and the legitimate connections");
        }
        if (tcbsLeft != 0 || server.nextDeadline() != Long.MAX_VALUE) {
            problems.add("flood: " + tcbsLeft + " TCBs and timers left after the flood");
        }
        return new Flood(sent, cookies, legitimate.size(), completed, median, max, mostTcbs, heapBefore, heapDuring, heapAfter,
                tcbsLeft, server.counters().cookiesSent, (System.nanoTime() - t0) / 1e9, problems);
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sends SYNs with spoofed sources straight into the server, as if from the network. */
    private static final class Attacker {
        private final TcpStack server;
        private final SplittableRandom random;
        private final Segment syn = new Segment();
        private final byte[] packet = new byte[Codec.MAX_PACKET];

        Attacker(TcpStack server, long seed) {
            this.server = server;
            this.random = new SplittableRandom(seed);
        }

        void syn(long now) {
            syn.clearBody();
            syn.sourceAddress = SPOOFED_NET | random.nextInt(1, 1 << 17);
            syn.destinationAddress = server.localAddress();
            syn.sourcePort = random.nextInt(1024, 65536);
            syn.destinationPort = PORT;
            syn.seq = random.nextInt();
            syn.flags = Segment.SYN;
            syn.window = 65535;
            syn.mss = 1460;
            int length = Codec.encode(syn, packet, 0);
            server.receive(packet, 0, length, now);
        }
    }

    /** The server's application: accepts everything, echoes each request and closes. */
    private static final class Server {
        private final Listener listener;
        private final List<Connection> open = new ArrayList<>();
        private final byte[] buffer = new byte[REQUEST];
        private String problem = "";

        Server(Listener listener) {
            this.listener = listener;
        }

        void pump(long now) {
            Connection c;
            while ((c = listener.accept()) != null) {
                open.add(c);
            }
            for (int i = open.size() - 1; i >= 0; i--) {
                Connection k = open.get(i);
                if (k.state() == TcpState.CLOSED) {
                    open.set(i, open.get(open.size() - 1));
                    open.remove(open.size() - 1);
                    continue;
                }
                if (k.available() >= REQUEST && k.sendSpace() >= REQUEST) {
                    int n = k.receive(buffer, 0, REQUEST, now);
                    k.send(buffer, 0, n, false, now); // the echo
                } else if (k.state() == TcpState.CLOSE_WAIT && k.available() == 0) {
                    k.close(now);
                } else if (k.available() > 0 && k.available() < REQUEST && k.state() == TcpState.CLOSE_WAIT) {
                    problem = "a request arrived short: " + k.available() + " octets";
                    k.close(now);
                }
            }
        }

        java.util.Optional<String> problem() {
            return problem.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(problem);
        }
    }

    /** One legitimate connection: open, send a request, read its echo, close. */
    private static final class Exchange {
        private final Connection c;
        private final long openedAt;
        /** Virtual milliseconds from the open to the whole echo; -1 until then. */
        long latency = -1;
        private final byte[] request = new byte[REQUEST];
        private final byte[] echo = new byte[REQUEST];
        private int received;
        private boolean requestSent;
        boolean echoed;
        boolean closeWhenEchoed;
        boolean closedCleanly;
        private boolean closeCalled;
        String problem = "";

        Exchange(TcpStack client, int index, long now, boolean closeWhenEchoed) {
            Arrays.fill(request, (byte) index);
            request[0] = (byte) (index >> 8);
            request[1] = (byte) (index >> 16);
            this.closeWhenEchoed = closeWhenEchoed;
            openedAt = now;
            c = client.connect(SERVER, PORT, now);
        }

        void pump(long now) {
            TcpState s = c.state();
            if (!requestSent && s == TcpState.ESTABLISHED) {
                requestSent = c.send(request, 0, REQUEST, false, now) == REQUEST;
                if (!requestSent) {
                    problem = "the send buffer did not take a " + REQUEST + "-octet request";
                }
            }
            if (!echoed && c.available() > 0) {
                int n = c.receive(echo, received, REQUEST - received, now);
                received += Math.max(n, 0);
                if (received == REQUEST) {
                    echoed = true;
                    latency = now - openedAt;
                    if (!Arrays.equals(request, echo)) {
                        problem = "an echo differs from its request";
                    }
                }
            }
            if (echoed && closeWhenEchoed && !closeCalled) {
                c.close(now);
                closeCalled = true;
            }
            if (closeCalled && s == TcpState.CLOSED) {
                closedCleanly = c.available() == 0;
            }
            if (!echoed && s == TcpState.CLOSED && problem.isEmpty()) {
                problem = "a connection ended before its echo";
            }
        }
    }
}
