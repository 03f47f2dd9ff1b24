package tcpconform.sut;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import tcpconform.codec.StreamData;
import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.profile.Profile;
import tcpconform.stack.Connection;
import tcpconform.stack.ConnectionOptions;
import tcpconform.stack.Event;
import tcpconform.stack.IsnGenerator;
import tcpconform.stack.Listener;
import tcpconform.stack.TcpException;
import tcpconform.stack.TcpStack;

/**
 * The project's own stack as a target: in process, on virtual time, with its state visible.
 *
 * <p>The RFC's calls map onto the stack's sockets-like interface as an application would make
 * them. A passive OPEN is a listener. In the RFC the listening TCB <em>becomes</em> the
 * connection: once the application has accepted the connection, or closed or aborted it before
 * that, the connection no longer returns to LISTEN, and the listener is closed when the
 * connection is over. Until then a connection that fails in SYN-RECEIVED leaves the listener in
 * LISTEN, as §3.10.7.4 says. An active OPEN or a SEND in LISTEN ("change the connection from
 * passive to active", §3.10.1, §3.10.2) closes the listener and connects from the same port.
 */
public final class OwnStackTarget implements SystemUnderTest {

    /** Octets handed to one SEND call (the model's SEND_SIZE). */
    public static final int SEND_SIZE = 100;
    /** Enough expiries to reach any user timeout or R2 of the stack's settings. */
    private static final int MAX_EXPIRIES = 64;

    private final TcpStack stack;
    private final ConnectionOptions options;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Signal> signals = new ArrayList<>();
    private final byte[] readBuffer = new byte[65536];
    /** What RECEIVE returned since {@link #octetsRead} was last asked. */
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    /** Octets of the application's stream the connection has taken from SEND so far. */
    private long written;
    private Listener listener;
    private Connection connection;
    /** The application has accepted the connection, or closed or aborted it. */
    private boolean detached;
    /**
     * The connection was in SYN-SENT or SYN-RECEIVED when the segment that completed the
     * handshake came: an application that closed it before (FIN-WAIT-1) is not told it is
     * connected, as in the RFC, where only those states signal it.
     */
    private boolean handshaking = true;
    private long now;

    public OwnStackTarget(long seed, ConnectionOptions options) {
        this.options = options.copy();
        this.stack = new TcpStack(Endpoints.TARGET, new IsnGenerator(seed, ~seed), this.options,
                (p, off, len) -> sent.add(new Sent(now, Arrays.copyOfRange(p, off, off + len))));
    }

    /** The own stack set up the way a profile of the model assumes. */
    public static OwnStackTarget forProfile(Profile profile, long seed) {
        return forProfile(profile, seed, Tuning.MODEL);
    }

    /**
     * The own stack set up the way a profile of the model assumes, with the application's
     * choices of {@code tuning}: a delayed ACK waits 200 ms, the stack's default (§3.8.6.3).
     */
    public static OwnStackTarget forProfile(Profile profile, long seed, Tuning tuning) {
        ConnectionOptions options = optionsFor(profile).nagle(tuning.nagle());
        if (tuning.delayedAck()) {
            options.delayedAck(new ConnectionOptions().delayedAck());
        }
        return new OwnStackTarget(seed, options);
    }

    /**
     * The settings under which every segment the model predicts is sent at once and without
     * options beyond MSS: no delayed ACK, no Nagle, no window scale, SACK or timestamps, and a
     * receive buffer of the model's size; the profile's choices on RFC 5961, keep-alives and
     * half-duplex close.
     */
    public static ConnectionOptions optionsFor(Profile profile) {
        return new ConnectionOptions().delayedAck(0).nagle(false).windowScale(false).sack(false)
                .timestamps(false).receiveBuffer(65535)
                .rfc5961(profile.challengeAcks())
                .keepAlive(profile.keepAlive())
                .halfDuplexClose(profile.halfDuplexClose())
                .msl(profile.timeWaitMillis() / 2);
    }

    @Override
    public String name() {
        return "own";
    }

    @Override
    public String description() {
        return "tcpconform's own stack, in process, virtual time";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, List.of(Call.values()), true);
    }

    @Override
    public void inject(byte[] packet) {
        handshaking = live() && (connection.state() == tcpconform.stack.TcpState.SYN_RECEIVED
                || connection.state() == tcpconform.stack.TcpState.SYN_SENT);
        stack.receive(packet, 0, packet.length, now);
        settle();
        handshaking = true;
    }

    @Override
    public void call(Call call) {
        try {
            switch (call) {
                case LISTEN -> {
                    if (listener == null && !live()) {
                        listener = stack.listen(Endpoints.TARGET_PORT, 16, options);
                        connection = null;
                        detached = false;
                    }
                }
                case CONNECT -> {
                    if (!live()) {
                        activeOpen();
                    }
                }
                case SEND -> {
                    if (!live() && listener != null) {
                        activeOpen();
                    }
                    if (live()) {
                        written += connection.send(StreamData.application(written, SEND_SIZE), 0, SEND_SIZE, false, now);
                    }
                }
                case RECEIVE -> {
                    if (live()) {
                        int n = connection.receive(readBuffer, 0, readBuffer.length, now);
                        if (n > 0) {
                            read.write(readBuffer, 0, n);
                            signals.add(Signal.DATA);
                        } else if (n < 0) {
                            signals.add(Signal.EOF);
                        }
                    }
                }
                case SHUTDOWN -> {
                    if (live()) {
                        connection.shutdown(now);
                        leftHandshake();
                    } else {
                        closeListener();
                    }
                }
                case CLOSE -> {
                    if (live()) {
                        connection.close(now);
                        leftHandshake();
                    } else {
                        closeListener();
                    }
                }
                case ABORT -> {
                    if (live()) {
                        connection.abort(now);
                        detached = true;
                    } else {
                        closeListener();
                    }
                }
            }
        } catch (TcpException e) {
            // §3.10: an error reply to a call is the target's answer, not a harness failure.
        }
        settle();
    }

    @Override
    public void expire(Timeout timer) {
        switch (timer) {
            case USER -> {
                for (int i = 0; i < MAX_EXPIRIES && live(); i++) {
                    advance();
                }
            }
            case TIME_WAIT -> {
                for (int i = 0; i < MAX_EXPIRIES && state().orElseThrow() == TcpState.TIME_WAIT; i++) {
                    advance();
                }
            }
            default -> advance();
        }
    }

    @Override
    public void idle(long millis) {
        long until = now + millis;
        while (stack.nextDeadline() <= until) {
            advance();
        }
        now = until;
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
        if (live()) {
            return Optional.of(TcpState.valueOf(connection.state().name()));
        }
        return Optional.of(listener != null && !detached ? TcpState.LISTEN : TcpState.CLOSED);
    }

    /** The stack's SND.UNA itself. */
    @Override
    public OptionalLong acknowledged() {
        return live() ? OptionalLong.of(connection.sndUna()) : OptionalLong.empty();
    }

    @Override
    public byte[] octetsRead() {
        return SystemUnderTest.drain(read);
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public void close() {
        closeListener();
    }

    private boolean live() {
        return connection != null && connection.state() != tcpconform.stack.TcpState.CLOSED;
    }

    private void activeOpen() {
        closeListener();
        connection = stack.connect(Endpoints.TARGET_PORT, Endpoints.TESTER, Endpoints.TESTER_PORT, options, now);
        written = 0;
        detached = true;
    }

    /**
     * A CLOSE in SYN-RECEIVED that sends a FIN moves the connection on (FIN-WAIT-1): it will not
     * return to LISTEN. One queued behind data leaves it in SYN-RECEIVED, where a RST still
     * returns it there (§3.10.7.4).
     */
    private void leftHandshake() {
        if (!live() || connection.state() != tcpconform.stack.TcpState.SYN_RECEIVED) {
            detached = true;
        }
    }

    private void closeListener() {
        if (listener != null) {
            listener.close(now);
            listener = null;
        }
    }

    private void advance() {
        long next = stack.nextDeadline();
        if (next != Long.MAX_VALUE) {
            now = Math.max(now, next);
            stack.advance(now);
        }
        settle();
    }

    /** Adopts the connection with the tester, accepting it if it is ready, and translates events. */
    private void settle() {
        Connection c = stack.connection(Endpoints.TARGET_PORT, Endpoints.TESTER, Endpoints.TESTER_PORT);
        if (c != null && c != connection) {
            connection = c;
            written = 0; // a new connection, a new stream
            detached = false;
        }
        if (listener != null && listener.accept() != null) {
            if (handshaking) {
                signals.add(Signal.CONNECTED); // accept yields the connection
            }
            detached = true;
        }
        if (listener != null && detached && !live()) {
            closeListener(); // the connection that came from it is over
        }
        Event e;
        while ((e = stack.poll()) != null) {
            switch (e.type()) {
                case CONNECTED -> {
                    if (handshaking) {
                        signals.add(Signal.CONNECTED);
                    }
                }
                case RESET -> signals.add(Signal.RESET);
                case REFUSED -> signals.add(Signal.REFUSED);
                case TIMED_OUT -> signals.add(Signal.TIMED_OUT);
                default -> {
                    // READABLE and END_OF_STREAM: the model's DATA and EOF are what a RECEIVE
                    // returns, reported by the call itself; ACCEPTABLE, WRITABLE, URGENT and
                    // CLOSED have no counterpart in the model's alphabet.
                }
            }
        }
    }
}
