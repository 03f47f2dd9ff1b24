package tcpconform.stack.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import tcpconform.stack.Connection;
import tcpconform.stack.ConnectionOptions;
import tcpconform.stack.Listener;
import tcpconform.stack.TcpStack;
import tcpconform.stack.TcpState;
import tcpconform.stack.link.Faults;
import tcpconform.stack.link.Network;
import tcpconform.stack.wire.Addresses;

/**
 * Measures the stack on one core: bulk transfer between two stacks over the in-memory link at
 * MTU 1500 (clean and with 1 % loss), and the rate of short connections (handshake, one
 * request and its response, close). Each figure comes with a reference measured in the same
 * run: copying the same bytes with {@code System.arraycopy} in MSS-sized pieces, so that the
 * ratio says what the machine's speed does not. Allocation is read from the JVM's per-thread
 * counter. Run: {@code java -cp stack/target/classes tcpconform.stack.bench.StackBenchmark}.
 */
public final class StackBenchmark {

    private static final int CLIENT = Addresses.parse("10.0.0.1");
    private static final int SERVER = Addresses.parse("10.0.0.2");
    private static final int MSS = 1460;

    private StackBenchmark() {
    }

    public static void main(String[] args) {
        long volume = args.length > 0 ? Long.parseLong(args[0]) : 4L << 30;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        System.out.printf(Locale.ROOT, "JDK %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        double copy = copyReference(volume);
        System.out.printf(Locale.ROOT, "reference: one copy of the payload in %d-octet pieces: %.2f Gbit/s%n", MSS, copy);
        bulk("bulk, clean link", Faults.NONE, volume / 8, false); // warm-up
        Result clean = bulk("bulk, clean link", Faults.NONE, volume, true);
        Result lossy = bulk("bulk, 1 % loss", Faults.NONE.withLoss(0.01), volume / 4, true);
        System.out.printf(Locale.ROOT, "| bulk, clean | %.2f Gbit/s | %.3f of one copy | %.1f bytes allocated per segment |%n",
                clean.gbits, clean.gbits / copy, clean.allocatedPerSegment);
        System.out.printf(Locale.ROOT, "| bulk, 1 %% loss | %.2f Gbit/s | %.3f of one copy | %.1f bytes allocated per segment |%n",
                lossy.gbits, lossy.gbits / copy, lossy.allocatedPerSegment);
        connectionRate(connections / 5); // warm-up
        double rate = connectionRate(connections);
        System.out.printf(Locale.ROOT, "| connections (handshake, request, response, close) | %.0f per second |%n", rate);
    }

    private record Result(double gbits, double allocatedPerSegment) {
    }

    /**
     * The least any stack must do with the payload: copy it once, in MSS-sized pieces, from one
     * 256 KiB ring to another (the sizes of the benchmark's application buffers).
     */
    private static double copyReference(long volume) {
        byte[] src = new byte[256 * 1024];
        byte[] dst = new byte[256 * 1024];
        long best = Long.MAX_VALUE;
        long checksum = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long done = 0;
            int from = 0;
            int to = 0;
            while (done < volume) {
                System.arraycopy(src, from, dst, to, MSS);
                from = (from + MSS) % (src.length - MSS);
                to = (to + 7 * MSS) % (dst.length - MSS);
                done += MSS;
            }
            best = Math.min(best, System.nanoTime() - t0);
            checksum += dst[to];
        }
        if (checksum == 42) {
            System.out.println(); // keeps the copies observable to the JIT
        }
        return volume * 8.0 / best;
    }

    private static Result bulk(String name, Faults faults, long volume, boolean report) {
        ConnectionOptions options = new ConnectionOptions().sendBuffer(1 << 20).receiveBuffer(1 << 20).minRto(200);
        Network net = new Network(faults, 42);
        TcpStack client = net.attach(CLIENT, options);
        TcpStack server = net.attach(SERVER, options);
        Listener listener = server.listen(80, 1);
        Connection a = client.connect(0, SERVER, 80, options, net.now());
        Connection[] b = new Connection[1];
        net.runUntil(() -> (b[0] = listener.accept()) != null, 60_000);
        byte[] data = new byte[256 * 1024];
        byte[] sink = new byte[256 * 1024];
        long[] received = {0};
        long segmentsBefore = client.counters().packetsSent;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        long t0 = System.nanoTime();
        net.runUntil(() -> {
            if (a.sendSpace() > 0) {
                a.send(data, 0, data.length, false, net.now());
            }
            int n;
            while ((n = b[0].receive(sink, 0, sink.length, net.now())) > 0) {
                received[0] += n;
            }
            return received[0] >= volume;
        }, Long.MAX_VALUE / 4);
        long elapsed = System.nanoTime() - t0;
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        long segments = client.counters().packetsSent - segmentsBefore;
        double gbits = received[0] * 8.0 / elapsed;
        if (report) {
            System.out.printf(Locale.ROOT, "%s: %d MiB in %.2f s = %.2f Gbit/s, %d segments, %.1f bytes allocated per segment%n",
                    name, received[0] >> 20, elapsed / 1e9, gbits, segments, (double) allocated / segments);
        }
        return new Result(gbits, (double) allocated / segments);
    }

    private static double connectionRate(int count) {
        ConnectionOptions options = new ConnectionOptions().msl(500)
                .delayedAck(0);
        Network net = new Network(Faults.NONE, 7);
        TcpStack client = net.attach(CLIENT, options);
        TcpStack server = net.attach(SERVER, options);
        Listener listener = server.listen(80, 1024);
        byte[] request = new byte[100];
        byte[] buffer = new byte[4096];
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Connection a = client.connect(0, SERVER, 80, options, net.now());
            Connection[] b = new Connection[1];
            net.runUntil(() -> (b[0] = listener.accept()) != null && a.state() == TcpState.ESTABLISHED, Long.MAX_VALUE / 4);
            a.send(request, 0, request.length, false, net.now());
            net.runUntil(() -> b[0].available() == request.length, Long.MAX_VALUE / 4);
            b[0].receive(buffer, 0, buffer.length, net.now());
            b[0].send(request, 0, request.length, false, net.now());
            net.runUntil(() -> a.available() == request.length, Long.MAX_VALUE / 4);
            a.receive(buffer, 0, buffer.length, net.now());
            a.close(net.now());
            net.runUntil(() -> b[0].state() == TcpState.CLOSE_WAIT, Long.MAX_VALUE / 4);
            b[0].close(net.now());
            net.runUntil(() -> b[0].state() == TcpState.CLOSED && a.state() == TcpState.TIME_WAIT, Long.MAX_VALUE / 4);
            net.runFor(1); // one virtual millisecond per connection lets TIME-WAIT expire
            while (client.poll() != null || server.poll() != null) {
                // the application ignores events here
            }
        }
        long elapsed = System.nanoTime() - t0;
        double rate = count / (elapsed / 1e9);
        System.out.printf(Locale.ROOT, "connections: %d in %.2f s = %.0f per second, %d TCBs left%n", count,
                elapsed / 1e9, rate, client.connectionCount() + server.connectionCount());
        return rate;
    }
}
