package tcpconform.sut;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;

/**
 * A TCP implementation the harness drives: the tester's packets go in, the target's packets
 * come out, its application side takes the calls of the model's alphabet, and its timers can be
 * made to expire. One connection at a time, between the fixed endpoints of {@link Endpoints}.
 */
public interface SystemUnderTest extends AutoCloseable {

    /**
     * What a target can do, so that the harness asks only for what it can take.
     *
     * @param virtualTime  timers expire when the harness says, not by the wall clock
     * @param stateVisible {@link #state()} reports the connection's state
     * @param calls        the application calls the target supports
     * @param dataVisible  the application's octets can be judged: each SEND writes the next
     *                     octets of {@link tcpconform.codec.StreamData#application}, and {@link
     *                     #octetsRead} tells what each RECEIVE returned
     */
    record Capabilities(boolean virtualTime, boolean stateVisible, List<Call> calls, boolean dataVisible) {
        public Capabilities {
            calls = List.copyOf(calls);
        }
    }

    /**
     * What the application side of the target observed, in the model's terms (§3.9.1.8): a
     * RECEIVE that returned data or end of stream, and the connection's fate.
     */
    enum Signal { CONNECTED, DATA, EOF, RESET, REFUSED, TIMED_OUT }

    /**
     * Choices the RFC leaves to the implementation and the application that change when segments
     * are sent, not which. Cases run with both off, so that every segment the model predicts is
     * sent at once; the scenarios that exercise them turn them on.
     *
     * @param delayedAck the target may delay ACKs (§3.8.6.3, SHLD-18)
     * @param nagle      the Nagle algorithm is on (§3.7.4, SHLD-7), rather than turned off by the
     *                   application (MUST-17)
     */
    record Tuning(boolean delayedAck, boolean nagle) {
        /** What the model's predictions assume: every ACK and every segment of data at once. */
        public static final Tuning MODEL = new Tuning(false, false);

        @Override
        public String toString() {
            return "delayed ACK " + (delayedAck ? "on" : "off") + ", Nagle " + (nagle ? "on" : "off");
        }
    }

    /** A packet the target sent, at its clock's time in milliseconds. */
    record Sent(long time, byte[] packet) {
    }

    /** A short name, e.g. {@code own}. */
    String name();

    /** One line that identifies the implementation and its settings, for reports. */
    String description();

    Capabilities capabilities();

    /** Hands the target one IPv4 packet from the tester. */
    void inject(byte[] packet);

    /**
     * Performs an application call on the target's side of the connection; a call the RFC
     * answers with an error is not a failure of the target and returns normally.
     */
    void call(Call call);

    /**
     * Lets a timer of the connection expire (§3.10.8), with everything that happens on the way:
     * for the user timeout, the retransmissions before it.
     */
    void expire(Timeout timer);

    /**
     * Lets up to {@code millis} milliseconds pass without input, so that what the target delays
     * (a delayed ACK) goes out; on virtual time, the timers due meanwhile expire.
     */
    void idle(long millis);

    /** The packets the target sent since the last call, oldest first, each with its time. */
    List<Sent> sent();

    /** What the application was told since the last call, oldest first. */
    List<Signal> signals();

    /** The target's state, when it can be observed. */
    Optional<TcpState> state();

    /**
     * How many sequence numbers of the target's the tester has acknowledged on the current
     * connection, counting from an origin of the target's choosing, when it can be observed: the
     * harness compares its change over a step with the change of the model's SND.UNA, to see
     * which ACK fields the target took (§3.10.7.4, fifth step) and which it dropped with their
     * segment (first step).
     */
    default OptionalLong acknowledged() {
        return OptionalLong.empty();
    }

    /**
     * The octets the application's RECEIVE calls returned since the last call, in order, when
     * {@link Capabilities#dataVisible}; empty otherwise. The harness compares them with what the
     * tester sent at their sequence numbers.
     */
    default byte[] octetsRead() {
        return new byte[0];
    }

    /** The target's clock, in milliseconds. */
    long now();

    /** What a buffer of octets holds, which it then forgets: how {@link #octetsRead} hands them over. */
    static byte[] drain(java.io.ByteArrayOutputStream octets) {
        byte[] copy = octets.toByteArray();
        octets.reset();
        return copy;
    }

    /** What a list of outputs holds, which it then forgets: how {@link #sent} and {@link #signals} hand them over. */
    static <T> List<T> drain(List<T> outputs) {
        List<T> copy = List.copyOf(outputs);
        outputs.clear();
        return copy;
    }

    /** Releases what the target holds; a target is used for one case. */
    @Override
    void close();
}
