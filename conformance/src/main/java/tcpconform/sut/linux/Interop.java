package tcpconform.sut.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import tcpconform.report.Json;
import tcpconform.stack.Connection;
import tcpconform.stack.ConnectionOptions;
import tcpconform.stack.IsnGenerator;
import tcpconform.stack.Listener;
import tcpconform.stack.TcpException;
import tcpconform.stack.TcpStack;
import tcpconform.stack.TcpState;
import tcpconform.stack.wire.Checksum;
import tcpconform.sut.Endpoints;

/**
 * Interoperability: the own stack and the machine's kernel exchange bulk data over the TUN device
 * of a private namespace, the own stack as client and as server. Each transfer is a half-close in
 * both directions: the client sends its bytes and shuts down, the server reads to the end of the
 * stream, then sends its own and closes, and the client reads to the end (§3.6: a connection
 * closed in one direction still carries data in the other). Every byte is compared with the
 * sender's stream. As a reference measured in the same run, two kernel sockets in two namespaces
 * do the same over a veth pair.
 *
 * <p>Everything runs on one thread: the kernel's sockets are created on the namespaces' threads
 * and are then driven, like the TUN device and the own stack, through non-blocking calls and
 * {@code poll}. Nothing is configured outside the namespaces, which the kernel deletes when they
 * close.
 */
public final class Interop {

    /** The own stack's address on the TUN link, as the tester's in campaigns. */
    private static final int OWN = Endpoints.TESTER;
    private static final int KERNEL = Endpoints.TARGET;
    private static final int PORT = 5001;
    /** The longest a transfer may take before it is reported as stalled. */
    private static final long STALL_MILLIS = 120_000;
    private static final int CHUNK = 64 * 1024;
    /** Octets each way of the unmeasured first exchange. */
    private static final long WARM_UP = 128L << 20;

    /**
     * One direction of one connection.
     *
     * @param name     e.g. "own stack (client) -> kernel (server)"
     * @param bytes    octets sent
     * @param received octets received and found equal to those sent
     * @param seconds  from the first write to the end of the stream at the reader
     * @param problem  empty, or what went wrong (a wrong byte, a stall, an error)
     * @param reference whether it is kernel to kernel over veth, the reference
     */
    public record Transfer(String name, long bytes, long received, double seconds, String problem, boolean reference) {

        public boolean intact() {
            return problem.isEmpty() && received == bytes;
        }

        public double gbitPerSecond() {
            return seconds <= 0 ? 0 : bytes * 8 / seconds / 1e9;
        }
    }

    private Interop() {
    }

    /**
     * Runs the four own-stack transfers and the two veth reference transfers, {@code bytes} each.
     *
     * @throws IllegalStateException with a one-line reason if the machine cannot make namespaces
     */
    public static List<Transfer> run(long bytes, int mtu) {
        if (mtu < 576 || mtu > 65535) {
            throw new IllegalArgumentException("the MTU must lie between 576 and 65535, not " + mtu);
        }
        // A first exchange, not measured, lets the JIT compile the own stack's code, as a benchmark
        // harness warms up; the kernel's code needs none. Without it the first direction measured
        // pays for the compilation: 0.40 of veth at MTU 1500 with none, 0.44 to 0.59 after 32 MiB,
        // 0.59 to 0.79 after 128 MiB (docs/benchmarks.md).
        List<Transfer> warmUp = overTun(WARM_UP, mtu, true);
        warmUp.stream().filter(t -> !t.intact()).findFirst().ifPresent(t -> {
            throw new IllegalStateException("the warm-up transfer failed: " + t.name() + ": " + t.problem());
        });
        List<Transfer> out = new ArrayList<>();
        out.addAll(overTun(bytes, mtu, true));
        out.addAll(overTun(bytes, mtu, false));
        out.addAll(overVeth(bytes, mtu));
        return out;
    }

    /** One line a transfer, then the ratio of the own stack's slowest direction to the kernel's. */
    public static String table(List<Transfer> transfers) {
        StringBuilder b = new StringBuilder();
        for (Transfer t : transfers) {
            b.append(String.format(Locale.ROOT, "%-70s %s %7.3f Gbit/s in %6.2f s%s%n", t.name(),
                    t.intact() ? "intact" : "BROKEN", t.gbitPerSecond(), t.seconds(),
                    t.intact() ? "" : ": " + t.problem()));
        }
        b.append(String.format(Locale.ROOT, "own stack over TUN / kernel over veth, slowest directions: %.3f%n",
                ratio(transfers)));
        return b.toString();
    }

    /** The transfers as JSON, with the ratio. */
    public static String json(List<Transfer> transfers) {
        List<Object> list = new ArrayList<>();
        for (Transfer t : transfers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("bytes", t.bytes());
            m.put("received_intact", t.received());
            m.put("intact", t.intact());
            m.put("seconds", t.seconds());
            m.put("gbit_per_second", t.gbitPerSecond());
            m.put("problem", t.problem());
            list.add(m);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("transfers", list);
        all.put("own_over_tun_to_kernel_over_veth", ratio(transfers));
        return Json.write(all);
    }

    /** The own stack's slowest direction over the kernel's slowest over veth. */
    public static double ratio(List<Transfer> transfers) {
        double own = transfers.stream().filter(t -> !t.reference()).mapToDouble(Transfer::gbitPerSecond)
                .min().orElse(0);
        double veth = transfers.stream().filter(Transfer::reference).mapToDouble(Transfer::gbitPerSecond)
                .min().orElse(0);
        return veth == 0 ? 0 : own / veth;
    }

    // ------------------------------------------------------------------------ the two set-ups

    private static List<Transfer> overTun(long bytes, int mtu, boolean ownIsClient) {
        List<String> ip = List.of("link set lo up", "link set " + Namespace.DEVICE + " mtu " + mtu + " up",
                "addr add 10.0.0.1/24 dev " + Namespace.DEVICE);
        // The own stack's MSS follows the link's MTU (§3.7.1: less the IP and TCP headers).
        ConnectionOptions options = new ConnectionOptions().mss(mtu - 40);
        try (Namespace ns = Namespace.create(LinuxTarget.SETTINGS, ip, true)) {
            Loop loop = new Loop();
            int tun = ns.tun();
            TcpStack stack = new TcpStack(OWN, new IsnGenerator(7, 11), options,
                    (packet, offset, length) -> loop.out.add(packet, offset, length));
            loop.tun = tun;
            loop.out = new TunWriter(tun);
            loop.stack = stack;
            Side own;
            Side kernel;
            if (ownIsClient) {
                int listener = ns.run(() -> listening(KERNEL));
                Connection c = stack.connect(40001, KERNEL, PORT, options, loop.now());
                int[] accepted = {-1};
                loop.await(() -> (accepted[0] = tryAccept(listener)) >= 0, new int[] {listener}, "the kernel's accept");
                Namespace.closeQuietly(listener);
                own = new OwnSide(c, loop);
                kernel = new KernelSide(accepted[0]);
                return exchange(loop, own, "own stack (client)", kernel, "kernel (server)", bytes, false);
            }
            Listener listener = stack.listen(PORT, 4, options);
            int fd = ns.run(() -> connecting(OWN, KERNEL));
            Connection[] accepted = {null};
            loop.await(() -> (accepted[0] = listener.accept()) != null, new int[0], "the own stack's accept");
            loop.await(() -> writable(fd), new int[] {fd}, "the kernel's connect");
            own = new OwnSide(accepted[0], loop);
            kernel = new KernelSide(fd);
            return exchange(loop, kernel, "kernel (client)", own, "own stack (server)", bytes, false);
        }
    }

    private static List<Transfer> overVeth(long bytes, int mtu) {
        try (Namespace server = Namespace.create(LinuxTarget.SETTINGS, List.of("link set lo up"));
             Namespace client = Namespace.create(LinuxTarget.SETTINGS, List.of("link set lo up"))) {
            server.configure(List.of("link add tcpcv0 type veth peer name tcpcv1 netns " + client.threadId(),
                    "addr add 10.1.0.1/24 dev tcpcv0", "link set tcpcv0 mtu " + mtu + " up"));
            client.configure(List.of("addr add 10.1.0.2/24 dev tcpcv1", "link set tcpcv1 mtu " + mtu + " up"));
            int serverAddress = 0x0A01_0001;
            int listener = server.run(() -> listening(serverAddress));
            int fd = client.run(() -> connecting(serverAddress, 0x0A01_0002));
            Loop loop = new Loop();
            int[] accepted = {-1};
            loop.await(() -> (accepted[0] = tryAccept(listener)) >= 0, new int[] {listener}, "the kernel's accept");
            Namespace.closeQuietly(listener);
            loop.await(() -> writable(fd), new int[] {fd}, "the kernel's connect");
            return exchange(loop, new KernelSide(fd), "kernel (client, veth)", new KernelSide(accepted[0]),
                    "kernel (server, veth)", bytes, true);
        }
    }

    /** The client sends and shuts down, the server reads to the end; then the other way round. */
    private static List<Transfer> exchange(Loop loop, Side client, String clientName, Side server, String serverName,
                                           long bytes, boolean reference) {
        List<Transfer> out = new ArrayList<>();
        out.add(oneWay(loop, client, server, clientName + " -> " + serverName, bytes, 1, reference));
        out.add(oneWay(loop, server, client, serverName + " -> " + clientName + ", after the half-close", bytes, 2,
                reference));
        client.close();
        server.close();
        return out;
    }

    private static Transfer oneWay(Loop loop, Side from, Side to, String name, long bytes, int stream,
                                   boolean reference) {
        long start = System.nanoTime();
        long[] sent = {0};
        long[] checked = {0};
        boolean[] ended = {false};
        String[] problem = {""};
        byte[] out = new byte[CHUNK];
        byte[] in = new byte[CHUNK];
        // Where the stream's octets in out begin and end: filled once, written as the side takes them.
        long[] filled = {0, 0};
        boolean[] shut = {false};
        BooleanSupplier done = () -> {
            boolean progress = false;
            try {
                while (sent[0] < bytes) {
                    if (sent[0] == filled[1]) {
                        int n = (int) Math.min(CHUNK, bytes - sent[0]);
                        fill(out, sent[0], n, stream);
                        filled[0] = sent[0];
                        filled[1] = sent[0] + n;
                    }
                    int w = from.write(out, (int) (sent[0] - filled[0]), (int) (filled[1] - sent[0]));
                    if (w <= 0) {
                        break;
                    }
                    sent[0] += w;
                    progress = true;
                }
                if (sent[0] == bytes && !shut[0]) {
                    from.shutdown();
                    shut[0] = true;
                }
                for (int r = to.read(in); r != 0; r = to.read(in)) {
                    if (r < 0) {
                        ended[0] = true;
                        break;
                    }
                    long wrong = firstWrong(in, r, checked[0], stream);
                    if (wrong >= 0) {
                        problem[0] = "octet " + wrong + " differs from what was sent";
                        return true;
                    }
                    checked[0] += r;
                    progress = true;
                }
            } catch (LastErrorException | TcpException e) {
                problem[0] = e.getMessage();
                return true;
            }
            loop.progress = progress;
            return ended[0];
        };
        if (!loop.until(done, new int[] {from.fd(), to.fd()})) {
            problem[0] = "stalled: " + sent[0] + " octets sent, " + checked[0] + " received after "
                    + STALL_MILLIS / 1000 + " s";
        }
        if (problem[0].isEmpty() && checked[0] != bytes) {
            problem[0] = "the stream ended after " + checked[0] + " of " + bytes + " octets";
        }
        return new Transfer(name, bytes, checked[0], (System.nanoTime() - start) / 1e9, problem[0], reference);
    }

    /** The sender's stream: octet {@code i} of stream {@code s}, not a short period a lost segment could hide in. */
    private static byte octet(long i, int s) {
        long x = (i + s * 0x9E37_79B9L) * 0x2545_F491_4F6C_DD1DL;
        return (byte) (x >>> 56 ^ i >>> 16);
    }

    private static void fill(byte[] b, long from, int n, int s) {
        for (int k = 0; k < n; k++) {
            b[k] = octet(from + k, s);
        }
    }

    private static long firstWrong(byte[] b, int n, long from, int s) {
        for (int k = 0; k < n; k++) {
            if (b[k] != octet(from + k, s)) {
                return from + k;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------ the event loop

    /** Drives the TUN device, the own stack's timers and the kernel's sockets from one thread. */
    private static final class Loop {
        private final long start = System.nanoTime();
        private final byte[] packet = new byte[VNET_HEADER + 65536];
        int tun = -1;
        TcpStack stack;
        TunWriter out;
        /** Whether the last check made progress: if not, the loop waits in poll. */
        boolean progress;

        long now() {
            return (System.nanoTime() - start) / 1_000_000;
        }

        /** Runs until {@code done} is true, or fails with a one-line reason naming {@code what} it waited for. */
        void await(BooleanSupplier done, int[] fds, String what) {
            if (!until(done, fds)) {
                throw new IllegalStateException(what + " did not happen in " + STALL_MILLIS / 1000 + " s");
            }
        }

        /** Runs until {@code done} is true; false if that took longer than {@link #STALL_MILLIS}. */
        boolean until(BooleanSupplier done, int[] fds) {
            long deadline = now() + STALL_MILLIS;
            while (true) {
                boolean moved = pumpTun();
                progress = false;
                boolean finished = done.getAsBoolean();
                if (out != null) {
                    out.flush(); // what the own stack sent in this turn, coalesced
                }
                if (finished) {
                    return true;
                }
                if (now() > deadline) {
                    return false;
                }
                if (!moved && !progress) {
                    waitFor(fds);
                }
            }
        }

        private boolean pumpTun() {
            if (stack == null) {
                return false;
            }
            boolean moved = false;
            for (int i = 0; i < 256; i++) {
                int n;
                try {
                    n = Libc.C.read(tun, packet, new NativeLong(packet.length)).intValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Libc.EAGAIN) {
                        break;
                    }
                    throw e;
                }
                if (n <= VNET_HEADER) {
                    break;
                }
                if ((packet[0] & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0) {
                    completeChecksum(packet, n);
                }
                stack.receive(packet, VNET_HEADER, n - VNET_HEADER, now());
                moved = true;
            }
            stack.advance(now());
            while (stack.poll() != null) {
                moved = true; // the sides look at their connections themselves
            }
            return moved;
        }

        private void waitFor(int[] fds) {
            int wait = 5;
            if (stack != null) {
                long next = stack.nextDeadline();
                if (next >= 0) {
                    wait = (int) Math.max(0, Math.min(wait, next - now()));
                }
            }
            List<Integer> all = new ArrayList<>();
            if (tun >= 0) {
                all.add(tun);
            }
            for (int fd : fds) {
                if (fd >= 0) {
                    all.add(fd);
                }
            }
            ByteBuffer b = ByteBuffer.allocate(8 * Math.max(1, all.size())).order(ByteOrder.nativeOrder());
            for (int fd : all) {
                b.putInt(fd).putShort((short) (Libc.POLLIN | Libc.POLLOUT)).putShort((short) 0);
            }
            if (all.isEmpty()) {
                b.putInt(-1).putShort((short) 0).putShort((short) 0);
            }
            Libc.C.poll(b.array(), new NativeLong(Math.max(1, all.size())), wait);
        }
    }

    // ------------------------------------------------------------------------ the two kinds of end

    /** An application's end of a connection, non-blocking. */
    private interface Side {
        /** Writes up to {@code n} octets from {@code b[off]}; returns how many were taken, 0 if none now. */
        int write(byte[] b, int off, int n);

        /** Reads; returns the octets read, 0 if none now, -1 at the end of the stream. */
        int read(byte[] b);

        void shutdown();

        void close();

        /** The kernel descriptor to wait on, or -1. */
        int fd();
    }

    private static final class KernelSide implements Side {
        private final int fd;

        KernelSide(int fd) {
            this.fd = fd;
        }

        @Override
        public int write(byte[] b, int off, int n) {
            byte[] from = off == 0 ? b : Arrays.copyOfRange(b, off, off + n);
            try {
                return Libc.C.send(fd, from, new NativeLong(n), Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL).intValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EAGAIN) {
                    return 0;
                }
                throw e;
            }
        }

        @Override
        public int read(byte[] b) {
            try {
                int n = Libc.C.recv(fd, b, new NativeLong(b.length), Libc.MSG_DONTWAIT).intValue();
                return n == 0 ? -1 : n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EAGAIN) {
                    return 0;
                }
                throw e;
            }
        }

        @Override
        public void shutdown() {
            Libc.C.shutdown(fd, Libc.SHUT_WR);
        }

        @Override
        public void close() {
            Namespace.closeQuietly(fd);
        }

        @Override
        public int fd() {
            return fd;
        }
    }

    private static final class OwnSide implements Side {
        private final Connection c;
        private final Loop loop;

        OwnSide(Connection c, Loop loop) {
            this.c = c;
            this.loop = loop;
        }

        @Override
        public int write(byte[] b, int off, int n) {
            return c.send(b, off, n, false, loop.now());
        }

        @Override
        public int read(byte[] b) {
            return c.receive(b, 0, b.length, loop.now());
        }

        @Override
        public void shutdown() {
            c.shutdown(loop.now());
        }

        @Override
        public void close() {
            if (c.state() != TcpState.CLOSED) { // both FINs acknowledged: nothing left to close
                c.close(loop.now());
            }
        }

        @Override
        public int fd() {
            return -1;
        }
    }

    // ------------------------------------------------------------------------ kernel sockets

    private static int listening(int address) {
        int fd = socket();
        byte[] self = Libc.sockaddr(address, PORT);
        Libc.C.bind(fd, self, self.length);
        Libc.C.listen(fd, 4);
        return fd;
    }

    private static int connecting(int to, int from) {
        int fd = socket();
        byte[] self = Libc.sockaddr(from, 0);
        Libc.C.bind(fd, self, self.length);
        byte[] peer = Libc.sockaddr(to, PORT);
        try {
            Libc.C.connect(fd, peer, peer.length);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EINPROGRESS) {
                throw e;
            }
        }
        return fd;
    }

    private static int socket() {
        return Libc.C.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
    }

    private static int tryAccept(int listener) {
        try {
            return Libc.C.accept4(listener, Pointer.NULL, Pointer.NULL, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN) {
                return -1;
            }
            throw e;
        }
    }

    private static boolean writable(int fd) {
        if ((Libc.pollOne(fd, Libc.POLLOUT, 0) & Libc.POLLOUT) == 0) {
            return false;
        }
        int error = Libc.getInt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR);
        if (error != 0) {
            throw new IllegalStateException("connect failed with errno " + error);
        }
        return true;
    }

    /**
     * The own stack's side of the TUN device. The segments it sends in one turn of the loop are
     * written together: consecutive data segments of one connection that differ only in their
     * sequence numbers and follow one another go out as one TSO packet (a {@code virtio_net_hdr}
     * with GSO_TCPV4 and the first segment's length as the size), which the kernel takes as the
     * segments it would have been cut into, as it takes a GRO packet. Anything else goes out as
     * it is. This saves a system call a segment, as the kernel's own GSO does over veth.
     */
    private static final class TunWriter {
        private static final int MAX = 65535;
        private final int tun;
        private final List<byte[]> pending = new ArrayList<>();

        TunWriter(int tun) {
            this.tun = tun;
        }

        void add(byte[] packet, int offset, int length) {
            pending.add(Arrays.copyOfRange(packet, offset, offset + length));
        }

        void flush() {
            int i = 0;
            while (i < pending.size()) {
                int j = i + 1;
                int total = pending.get(i).length;
                while (j < pending.size() && follows(pending.get(i), pending.get(j - 1), pending.get(j))
                        && total + payload(pending.get(j)) <= MAX) {
                    total += payload(pending.get(j));
                    j++;
                }
                write(j == i + 1 ? withHeader(pending.get(i), 0, 0) : merged(pending.subList(i, j)));
                i = j;
            }
            pending.clear();
        }

        private void write(byte[] p) {
            Libc.C.write(tun, p, new NativeLong(p.length));
        }

        private static int ipHeader(byte[] p) {
            return (p[0] & 0x0F) * 4;
        }

        private static int headers(byte[] p) {
            int ip = ipHeader(p);
            return ip + ((p[ip + 12] & 0xF0) >> 4) * 4;
        }

        private static int payload(byte[] p) {
            return p.length - headers(p);
        }

        private static long seq(byte[] p) {
            int t = ipHeader(p) + 4;
            return ((p[t] & 0xFFL) << 24) | ((p[t + 1] & 0xFFL) << 16) | ((p[t + 2] & 0xFFL) << 8) | (p[t + 3] & 0xFFL);
        }

        /** Whether {@code next} continues {@code previous} and may ride in one TSO packet with {@code first}. */
        private static boolean follows(byte[] first, byte[] previous, byte[] next) {
            if ((first[0] & 0xFF) != 0x45 || first[9] != 6 || (next[0] & 0xFF) != 0x45 || next[9] != 6) {
                return false; // IPv4 without options, TCP
            }
            int h = headers(first);
            if (headers(next) != h || payload(first) == 0 || payload(previous) != payload(first) || payload(next) == 0
                    || payload(next) > payload(first)) {
                return false; // each segment as long as the first, but the last
            }
            int t = ipHeader(first);
            if ((first[t + 13] & ~0x08) != 0x10 || (next[t + 13] & ~0x08) != 0x10) {
                return false; // ACK, or ACK and PSH: no SYN, FIN, RST or URG
            }
            if (seq(next) != ((seq(previous) + payload(previous)) & 0xFFFF_FFFFL)) {
                return false;
            }
            // The same addresses and ports, acknowledgment, window and options; sequence and checksum aside.
            return Arrays.equals(first, 12, 20, next, 12, 20) && Arrays.equals(first, t, t + 4, next, t, t + 4)
                    && Arrays.equals(first, t + 8, t + 13, next, t + 8, t + 13)
                    && Arrays.equals(first, t + 14, t + 16, next, t + 14, t + 16)
                    && Arrays.equals(first, t + 18, h, next, t + 18, h);
        }

        /** One TSO packet carrying the segments' text behind the first one's headers, checksums computed. */
        private static byte[] merged(List<byte[]> segments) {
            byte[] first = segments.get(0);
            int h = headers(first);
            int length = h;
            for (byte[] s : segments) {
                length += payload(s);
            }
            byte[] p = new byte[length];
            System.arraycopy(first, 0, p, 0, h);
            int at = h;
            for (byte[] s : segments) {
                System.arraycopy(s, h, p, at, payload(s));
                at += payload(s);
            }
            int t = ipHeader(first);
            byte[] last = segments.get(segments.size() - 1);
            p[t + 13] = last[t + 13]; // PSH as the last segment had it
            p[2] = (byte) (length >> 8);
            p[3] = (byte) length;
            p[10] = 0;
            p[11] = 0;
            int ipSum = Checksum.finish(Checksum.add(p, 0, t, 0));
            p[10] = (byte) (ipSum >> 8);
            p[11] = (byte) ipSum;
            p[t + 16] = 0;
            p[t + 17] = 0;
            long pseudo = Checksum.add(p, 12, 8, 6 + (length - t)); // the addresses, the protocol, the TCP length
            int tcpSum = Checksum.finish(Checksum.add(p, t, length - t, pseudo));
            p[t + 16] = (byte) (tcpSum >> 8);
            p[t + 17] = (byte) tcpSum;
            return withHeader(p, payload(first), h);
        }

        /** The packet behind a {@code virtio_net_hdr}: GSO_TCPV4 with this segment size, or none if 0. */
        private static byte[] withHeader(byte[] packet, int segmentSize, int headerLength) {
            byte[] p = new byte[VNET_HEADER + packet.length];
            if (segmentSize > 0) {
                p[1] = VIRTIO_NET_HDR_GSO_TCPV4;
                p[2] = (byte) headerLength;
                p[3] = (byte) (headerLength >> 8);
                p[4] = (byte) segmentSize;
                p[5] = (byte) (segmentSize >> 8);
            }
            System.arraycopy(packet, 0, p, VNET_HEADER, packet.length);
            return p;
        }
    }

    // ------------------------------------------------------------------------ the virtio header

    /** {@code struct virtio_net_hdr}: flags, gso_type, hdr_len, gso_size, csum_start, csum_offset. */
    private static final int VNET_HEADER = 10;
    private static final int VIRTIO_NET_HDR_F_NEEDS_CSUM = 1;
    private static final byte VIRTIO_NET_HDR_GSO_TCPV4 = 1;

    /**
     * Completes a checksum the kernel left partial (checksum offload): the field at csum_start +
     * csum_offset holds the pseudo-header's sum, and the one's complement sum from csum_start to
     * the end of the packet goes into it (RFC 1071).
     */
    private static void completeChecksum(byte[] b, int n) {
        int start = VNET_HEADER + ((b[6] & 0xFF) | (b[7] & 0xFF) << 8);
        int field = start + ((b[8] & 0xFF) | (b[9] & 0xFF) << 8);
        int c = Checksum.finish(Checksum.add(b, start, n - start, 0));
        b[field] = (byte) (c >> 8);
        b[field + 1] = (byte) c;
    }
}
