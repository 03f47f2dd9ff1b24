package tcpconform.sut.linux;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import tcpconform.codec.MalformedPacketException;
import tcpconform.codec.PacketCodec;
import tcpconform.codec.StreamData;
import tcpconform.codec.WireSegment;
import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.graph.Transition;
import tcpconform.sut.CannotTake;
import tcpconform.sut.Endpoints;
import tcpconform.sut.SystemUnderTest;

/**
 * The Linux kernel of this machine as a target, on real time. Each case gets a private network
 * namespace of its own ({@link Namespace}) with a TUN device at {@link Endpoints#TARGET}: the
 * tester's packets are written to the device, the kernel's read from it. The application side is
 * the kernel's sockets API, driven as an application would drive it, without blocking: a passive
 * OPEN is a listening socket, the connection is what {@code accept} returns, an active OPEN is a
 * {@code connect} from the same port. The state is read with {@code TCP_INFO}, or from the
 * namespace's TCP table once the application has let go of the connection.
 *
 * <p>What the sockets API cannot express is refused with {@link CannotTake}: a CLOSE or ABORT of a
 * connection still in SYN-RECEIVED, which the application cannot name before {@code accept}. A
 * SEND before the connection is established waits in the application, as a blocking write would,
 * and goes to the kernel once it is.
 *
 * <p>Timers run on the wall clock. A timer input waits, within a bound, for what that timer does
 * (a retransmission, a probe, the end of TIME-WAIT, the give-up of the user timeout); the
 * namespace's sysctls shorten the retry counts so that the give-ups come in seconds
 * ({@link #SETTINGS}).
 */
public final class LinuxTarget implements SystemUnderTest {

    /** How long the kernel must stay silent for the output of an input to be complete. */
    static final int QUIET_MILLIS = Integer.getInteger("tcpconform.linux.quiet", 25);
    /** The longest wait for a retransmission, a probe or a keep-alive. */
    private static final long TIMER_WAIT_MILLIS = 20_000;
    /** The longest wait for the user timeout, and for TIME-WAIT (60 s in Linux) to end. */
    private static final long GIVE_UP_WAIT_MILLIS = 70_000;
    /** The user timeout set on every socket (TCP_USER_TIMEOUT, RFC 5482), in milliseconds. */
    static final int USER_TIMEOUT_MILLIS = 20_000;
    /** Octets one SEND writes (the model's SEND_SIZE). */
    private static final int SEND_SIZE = 100;

    /**
     * The namespace's sysctls, beyond the kernel's defaults: no IPv6 on the TUN device (no router
     * solicitations), no autocorking (a small write goes out at once), no rate limit on
     * challenge and out-of-window ACKs (RFC 5961 §7 allows one; it would make verdicts depend on
     * timing), and SYN and SYN,ACK retries cut to 3 so that a handshake gives up in 15 s.
     */
    public static final Map<String, String> SETTINGS = settings();

    private final Namespace ns;
    private final Tuning tuning;
    private final long start = System.nanoTime();
    private final List<Sent> sent = new ArrayList<>();
    private final List<Signal> signals = new ArrayList<>();
    private final byte[] packet = new byte[65536];
    private int listener = -1;
    private int connection = -1;
    /** What RECEIVE returned since {@link #octetsRead} was last asked. */
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    /** Octets of the application's stream the socket has taken from SEND so far. */
    private long written;
    /** The connection came from connect, and connect has not completed. */
    private boolean connecting;
    /** The application has accepted the connection, connected it, or let go of it. */
    private boolean detached;
    /** SENDs the application made before it had an established connection to write to. */
    private int waitingSends;
    /** A SHUTDOWN or CLOSE the application makes once its waiting SENDs are written, as a blocking one would. */
    private Call waitingLetGo;

    private LinuxTarget(Namespace ns, Tuning tuning) {
        this.ns = ns;
        this.tuning = tuning;
    }

    /**
     * Why this machine cannot run the Linux target (no TUN device, no permission to create a
     * network namespace, no {@code ip}), in one line; empty if it can. Creates and deletes one
     * namespace to find out.
     */
    public static Optional<String> unavailable() {
        try {
            open(Tuning.MODEL).close();
            return Optional.empty();
        } catch (IllegalStateException | UnsatisfiedLinkError | UncheckedIOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * A fresh kernel connection point in a namespace of its own.
     *
     * @throws IllegalStateException with a one-line reason if the machine cannot make one
     */
    public static LinuxTarget open(Tuning tuning) {
        List<String> ip = new ArrayList<>(List.of("link set lo up", "link set " + Namespace.DEVICE + " up",
                "addr add 10.0.0.1/24 dev " + Namespace.DEVICE));
        if (!tuning.delayedAck()) {
            // RTAX_QUICKACK: the kernel acknowledges at once, as the model's cases expect.
            ip.add("route replace 10.0.0.0/24 dev " + Namespace.DEVICE + " quickack 1");
        }
        return new LinuxTarget(Namespace.create(SETTINGS, ip), tuning);
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public String description() {
        return "Linux " + System.getProperty("os.version") + " over TUN in a private network namespace, real time; "
                + String.join(", ", SETTINGS.entrySet().stream().map(e -> e.getKey().replace('/', '.') + "=" + e.getValue()).toList())
                + "; TCP_USER_TIMEOUT " + USER_TIMEOUT_MILLIS + " ms; quickack route and TCP_NODELAY unless the case asks for"
                + " delayed ACKs or Nagle";
    }

    /**
     * The edges {@link #call} refuses after some histories: SHUTDOWN, CLOSE and ABORT in a
     * SYN-RECEIVED entered from LISTEN, which the application has not accepted yet, and ABORT
     * once the application may have closed its descriptor.
     */
    public static boolean mayNotTake(Transition edge) {
        if (!(edge.input() instanceof Call call)) {
            return false;
        }
        return switch (edge.from()) {
            case SYN_RECEIVED -> call == Call.SHUTDOWN || call == Call.CLOSE || call == Call.ABORT;
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT -> call == Call.ABORT;
            default -> false;
        };
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, true, List.of(Call.values()), true);
    }

    @Override
    public void inject(byte[] ipPacket) {
        ns.run(() -> {
            if (waitingLetGo != null && carriesTextOrFin(ipPacket)) {
                // §3.10.4 queues the CLOSE behind the data until ESTABLISHED. The application here
                // writes its data and closes once the kernel reports the connection established,
                // which orders things as the RFC does unless the segment that completes the handshake
                // brings text or a FIN: the kernel takes those before the application can act.
                throw new CannotTake("the sockets API takes no data before the handshake completes, so the "
                        + waitingLetGo.label() + " queued behind the waiting SENDs would come after this segment's"
                        + " text or FIN, not before it");
            }
            Libc.C.write(ns.tun(), ipPacket, new NativeLong(ipPacket.length));
            collect();
            return null;
        });
    }

    @Override
    public void call(Call call) {
        ns.run(() -> {
            try {
                perform(call);
            } catch (LastErrorException e) {
                // The kernel answered the call with an error (§3.10: "connection already exists" and
                // the like): the application's answer, not a failure of the harness.
            }
            collect();
            return null;
        });
    }

    @Override
    public void expire(Timeout timer) {
        ns.run(() -> {
            switch (timer) {
                case USER -> waitUntil(() -> !connected(), GIVE_UP_WAIT_MILLIS);
                case TIME_WAIT -> waitUntil(() -> kernelState().orElse(null) != TcpState.TIME_WAIT, GIVE_UP_WAIT_MILLIS);
                default -> {
                    int before = sent.size();
                    waitUntil(() -> sent.size() > before, TIMER_WAIT_MILLIS);
                }
            }
            collect();
            return null;
        });
    }

    @Override
    public void idle(long millis) {
        ns.run(() -> {
            long until = now() + millis;
            while (now() < until) {
                readPackets((int) Math.max(1, until - now()));
            }
            observeApplication();
            return null;
        });
    }

    @Override
    public List<Sent> sent() {
        return SystemUnderTest.drain(sent);
    }

    @Override
    public List<Signal> signals() {
        return SystemUnderTest.drain(signals);
    }

    @Override
    public Optional<TcpState> state() {
        return ns.run(() -> {
            Optional<TcpState> s = kernelState();
            if (s.isPresent()) {
                return s;
            }
            return Optional.of(listener >= 0 ? TcpState.LISTEN : TcpState.CLOSED);
        });
    }

    /** {@code tcpi_bytes_acked} of {@code TCP_INFO} (Linux 4.1 and later), while the application holds the socket. */
    @Override
    public OptionalLong acknowledged() {
        return ns.run(() -> {
            byte[] info = tcpInfo();
            if (info.length < TCPI_BYTES_ACKED + Long.BYTES) {
                return OptionalLong.empty(); // no socket, or a kernel older than 4.1
            }
            return OptionalLong.of(ByteBuffer.wrap(info, TCPI_BYTES_ACKED, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong());
        });
    }

    /** The application's socket's {@code struct tcp_info}, as long as the kernel filled it; empty without a socket. */
    private byte[] tcpInfo() {
        if (connection < 0) {
            return new byte[0];
        }
        byte[] info = new byte[232];
        int[] length = {info.length};
        try {
            Libc.C.getsockopt(connection, Libc.IPPROTO_TCP, Libc.TCP_INFO, info, length);
        } catch (LastErrorException e) {
            return new byte[0];
        }
        return Arrays.copyOf(info, length[0]);
    }

    /** Where {@code tcpi_bytes_acked} lies in {@code struct tcp_info}: after 8 octets of flags, 24 u32 and 2 u64. */
    private static final int TCPI_BYTES_ACKED = 8 + 24 * 4 + 2 * 8;

    @Override
    public byte[] octetsRead() {
        return SystemUnderTest.drain(read);
    }

    @Override
    public long now() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        try {
            ns.run(() -> {
                Namespace.closeQuietly(connection);
                Namespace.closeQuietly(listener);
                return null;
            });
        } finally {
            ns.close();
        }
    }

    /** Whether an IPv4 packet holds a TCP segment with text or the FIN bit. */
    private static boolean carriesTextOrFin(byte[] packet) {
        try {
            WireSegment w = PacketCodec.decode(packet);
            return w.fin() || w.payload().length > 0;
        } catch (MalformedPacketException e) {
            return false; // a malformed packet the kernel will drop: it cannot complete a handshake
        }
    }

    // ------------------------------------------------------------------ the application side

    private void perform(Call call) {
        switch (call) {
            case LISTEN -> {
                if (listener < 0 && !connected()) {
                    // The socket of a connection that has ended stays with the application until it
                    // closes it; a new passive OPEN is a new socket, and later calls go to it.
                    Namespace.closeQuietly(connection);
                    connection = -1;
                    connecting = false;
                    listener = newSocket();
                    Libc.C.listen(listener, 16);
                    detached = false;
                }
            }
            case CONNECT -> {
                if (!connected()) {
                    activeOpen();
                }
            }
            case SEND -> {
                if (!connected() && listener >= 0) {
                    activeOpen(); // §3.10.2: SEND in LISTEN turns the connection active
                }
                if (connected()) {
                    waitingSends++;
                    flushSends();
                }
            }
            case RECEIVE -> receive();
            case SHUTDOWN, CLOSE, ABORT -> {
                Optional<TcpState> kernel = kernelState();
                if (listener >= 0 && connection < 0 && kernel.orElse(null) == TcpState.SYN_RECEIVED) {
                    throw new CannotTake("the sockets API gives the application no handle on a connection in "
                            + "SYN-RECEIVED before accept, so " + call.label() + " cannot be made there");
                }
                if (call == Call.ABORT && connection < 0 && kernel.isPresent()) {
                    throw new CannotTake("the application closed its descriptor, so the sockets API "
                            + "leaves it nothing to abort the connection with");
                }
                boolean synSent = kernel.orElse(null) == TcpState.SYN_SENT;
                if (waitingSends > 0 && call != Call.ABORT && !synSent) {
                    waitingLetGo = call; // the application is still blocked in its writes
                } else if (connection >= 0) {
                    if (synSent) {
                        waitingSends = 0; // §3.10.4: in SYN-SENT the queued SENDs fail ("closing")
                    }
                    letGo(call);
                } else if (listener >= 0) {
                    Namespace.closeQuietly(listener);
                    listener = -1;
                }
            }
        }
    }

    private void letGo(Call call) {
        if (call == Call.SHUTDOWN) {
            ignoringErrors(() -> Libc.C.shutdown(connection, Libc.SHUT_WR));
            return;
        }
        if (call == Call.ABORT) {
            byte[] linger = new byte[8]; // struct linger { int l_onoff = 1; int l_linger = 0; }
            System.arraycopy(Libc.intValue(1), 0, linger, 0, 4);
            Libc.C.setsockopt(connection, Libc.SOL_SOCKET, Libc.SO_LINGER, linger, 8);
        }
        Namespace.closeQuietly(connection);
        connection = -1;
        detached = true;
    }

    private void receive() {
        if (connection < 0 || connecting) {
            return;
        }
        try {
            long n = Libc.C.recv(connection, packet, new NativeLong(packet.length), Libc.MSG_DONTWAIT).longValue();
            if (n > 0) {
                read.write(packet, 0, (int) n);
                signals.add(Signal.DATA);
            } else if (n == 0) {
                signals.add(Signal.EOF);
            }
        } catch (LastErrorException e) {
            observeError(e.getErrorCode());
        }
    }

    private void activeOpen() {
        Namespace.closeQuietly(listener);
        listener = -1;
        Namespace.closeQuietly(connection);
        connection = newSocket();
        written = 0;
        connecting = true;
        detached = true;
        try {
            byte[] peer = Libc.sockaddr(Endpoints.TESTER, Endpoints.TESTER_PORT);
            Libc.C.connect(connection, peer, peer.length);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EINPROGRESS) {
                throw e;
            }
        }
    }

    /** A non-blocking socket bound to the target's endpoint, with the case's settings. */
    private int newSocket() {
        int fd = Libc.C.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        try {
            Libc.setInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            // The urgent octet in its place in the stream (§3.8.5), not out of band: RFC 6093 §6.
            Libc.setInt(fd, Libc.SOL_SOCKET, Libc.SO_OOBINLINE, 1);
            Libc.setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_USER_TIMEOUT, USER_TIMEOUT_MILLIS);
            Libc.setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, tuning.nagle() ? 0 : 1);
            byte[] self = Libc.sockaddr(Endpoints.TARGET, Endpoints.TARGET_PORT);
            Libc.C.bind(fd, self, self.length);
            return fd;
        } catch (LastErrorException e) {
            Namespace.closeQuietly(fd);
            throw e;
        }
    }

    private void flushSends() {
        if (connection < 0 || connecting) {
            return;
        }
        while (waitingSends > 0) {
            try {
                byte[] octets = StreamData.application(written, SEND_SIZE);
                written += Libc.C.send(connection, octets, new NativeLong(SEND_SIZE),
                        Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL).longValue();
                waitingSends--;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EAGAIN) {
                    waitingSends = 0; // the connection is closing or gone: the SEND fails (§3.10.2)
                    if (e.getErrorCode() == 104) {
                        observeError(104); // the reset was reported to this write, not to SO_ERROR
                    }
                }
                return;
            }
        }
        if (waitingLetGo != null && connection >= 0) {
            Call call = waitingLetGo;
            waitingLetGo = null;
            letGo(call);
        }
    }

    /**
     * What the application learns after an input: an accepted or completed connection, an error.
     * Returns whether it then wrote or closed something.
     */
    private boolean observeApplication() {
        int before = waitingSends + (waitingLetGo == null ? 0 : 1);
        observe();
        return waitingSends + (waitingLetGo == null ? 0 : 1) < before;
    }

    private void observe() {
        if (listener >= 0 && connection < 0) {
            int fd = -1;
            try {
                fd = Libc.C.accept4(listener, Pointer.NULL, Pointer.NULL, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
            } catch (LastErrorException e) {
                // EAGAIN: nothing to accept yet
            }
            if (fd >= 0) {
                connection = fd;
                written = 0;
                detached = true;
                signals.add(Signal.CONNECTED);
                flushSends();
            }
        }
        if (connection >= 0) {
            if (connecting) {
                // connect completes, or fails, when the socket becomes writable (poll reports
                // errors with it); a simultaneous open's SYN-RECEIVED is still connecting.
                if (Libc.pollOne(connection, Libc.POLLOUT, 0) == 0) {
                    return;
                }
                connecting = false;
                int error = Libc.getInt(connection, Libc.SOL_SOCKET, Libc.SO_ERROR);
                if (error == 0 && kernelState().isPresent()) {
                    signals.add(Signal.CONNECTED);
                    flushSends();
                } else {
                    observeError(error);
                }
                return;
            }
            int error = Libc.getInt(connection, Libc.SOL_SOCKET, Libc.SO_ERROR);
            if (error != 0) {
                observeError(error);
            }
        }
        if (listener >= 0 && detached && !connected()) {
            Namespace.closeQuietly(listener); // the connection that came from it is over
            listener = -1;
        }
    }

    /** An errno the connection reported, as the model's notification (§3.9.1.8). */
    private void observeError(int errno) {
        switch (errno) {
            case 111 -> signals.add(Signal.REFUSED); // ECONNREFUSED: a RST in SYN-SENT
            case 104, 32 -> signals.add(Signal.RESET); // ECONNRESET; EPIPE: a RST in CLOSE-WAIT
            case 110 -> signals.add(Signal.TIMED_OUT); // ETIMEDOUT
            default -> {
                return; // EAGAIN and the like: nothing the model's application is told
            }
        }
        // The connection is over: the SENDs and the CLOSE still waiting fail with it, and the
        // application closes the dead socket, so that its next call is on a new one (or the
        // listener), as after the RFC's "delete the TCB".
        waitingSends = 0;
        waitingLetGo = null;
        Namespace.closeQuietly(connection);
        connection = -1;
        connecting = false;
    }

    // ------------------------------------------------------------------- state and packets

    /** The kernel's state of the connection with the tester, from the socket or the table. */
    private Optional<TcpState> kernelState() {
        byte[] info = tcpInfo();
        if (info.length > 0) {
            Optional<TcpState> s = KernelTable.state(info[0] & 0xFF); // tcpi_state
            if (s.isPresent()) {
                return s;
            }
        }
        return KernelTable.lookup(Endpoints.TARGET, Endpoints.TARGET_PORT, Endpoints.TESTER, Endpoints.TESTER_PORT)
                .flatMap(KernelTable::state);
    }

    /** Whether a connection with the tester exists in the kernel, in any state but LISTEN. */
    private boolean connected() {
        return kernelState().isPresent();
    }

    /** Reads packets until the kernel has been quiet for {@link #QUIET_MILLIS}, then looks at the application side. */
    private void collect() {
        long deadline = now() + 2_000;
        do {
            while (readPackets(QUIET_MILLIS) > 0 && now() < deadline) {
                // keep reading while the kernel talks
            }
            // What the application does on what it learned (an accepted connection's waiting
            // SENDs, say) makes the kernel send more: read that too.
        } while (observeApplication() && now() < deadline);
    }

    /** Waits until {@code condition} holds or {@code bound} ms pass, taking packets meanwhile. */
    private void waitUntil(BooleanSupplier condition, long bound) {
        long deadline = now() + bound;
        while (!condition.getAsBoolean() && now() < deadline) {
            readPackets(50);
            observeApplication();
        }
    }

    /** Reads what the kernel sent, waiting up to {@code timeout} ms for the first packet; returns how many. */
    private int readPackets(int timeout) {
        int n = 0;
        int wait = timeout;
        while ((Libc.pollOne(ns.tun(), Libc.POLLIN, wait) & Libc.POLLIN) != 0) {
            try {
                int len = Libc.C.read(ns.tun(), packet, new NativeLong(packet.length)).intValue();
                if (len > 0 && (packet[0] >> 4) == 4) {
                    sent.add(new Sent(now(), java.util.Arrays.copyOf(packet, len)));
                    n++;
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EAGAIN) {
                    throw e;
                }
            }
            wait = 0;
        }
        return n;
    }


    private static void ignoringErrors(Runnable r) {
        try {
            r.run();
        } catch (LastErrorException e) {
            // the connection is already gone; the kernel's answer shows on the wire
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/sys/net/ipv6"))) {
            m.put("net/ipv6/conf/all/disable_ipv6", "1");
            m.put("net/ipv6/conf/default/disable_ipv6", "1");
        }
        m.put("net/ipv4/tcp_autocorking", "0");
        m.put("net/ipv4/tcp_invalid_ratelimit", "0");
        m.put("net/ipv4/tcp_challenge_ack_limit", "2147483647");
        m.put("net/ipv4/tcp_syn_retries", "3");
        m.put("net/ipv4/tcp_synack_retries", "3");
        return java.util.Collections.unmodifiableMap(m);
    }
}
