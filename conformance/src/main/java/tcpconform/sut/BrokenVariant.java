package tcpconform.sut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import tcpconform.codec.MalformedPacketException;
import tcpconform.codec.PacketCodec;
import tcpconform.codec.WireSegment;
import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.profile.Profile;

/**
 * Deliberately broken variants of the own stack: the harness must catch every one of them. Each
 * wraps the correct stack and breaks one rule of RFC 9293 at its boundary, where a real bug
 * would show: in the segments it sends, in how it takes the segments it receives, or in its
 * timers. They are targets like any other ({@code --target broken:NAME}).
 */
public final class BrokenVariant extends ForwardingTarget {

    /** The ways to break the stack, each with the rule it breaks. */
    public enum Bug {
        /** Acknowledges one octet more than it received (§3.4, §3.10.7.4 seventh step). */
        OFF_BY_ONE_ACK("every acknowledgment number is one too high", Profile.BASELINE),
        /** Takes a RST wherever it falls in the window, even outside it (§3.5.3, MUST-66 territory). */
        RST_ACCEPTED_OUT_OF_WINDOW("a RST is taken whatever its sequence number", Profile.BASELINE),
        /** The peer's FIN does not occupy a sequence number (§3.4). */
        FIN_TAKES_NO_SEQUENCE_NUMBER("the peer's FIN is acknowledged without counting it", Profile.BASELINE),
        /** Leaves TIME-WAIT at once instead of after 2 MSL (§3.6.1, MUST-13). */
        NO_TIME_WAIT("TIME-WAIT ends at once", Profile.BASELINE),
        /** Its RSTs carry a sequence number one too high (§3.5.2). */
        WRONG_RST_SEQUENCE_NUMBER("a RST's sequence number is one too high", Profile.BASELINE),
        /** Each data segment but one-octet probes and FINs ends with an octet its application never gave it (§3.10.2). */
        EXTRA_OCTET("a data segment, probes and FINs aside, carries one octet its application never gave it",
                Profile.BASELINE),
        /** Moves the right edge of the window it offers one octet to the left with each ACK (§3.8.6, SHLD-14). */
        SHRINKING_WINDOW("the window it offers shrinks by one octet with every acknowledgment", Profile.BASELINE),
        /** Never sends the challenge ACK of RFC 5961 (§3.10.7.4, with the RFC 5961 profile). */
        NO_CHALLENGE_ACK("challenge ACKs are never sent", Profile.RFC5961),
        /** The last octet of each data segment it sends is not the one its application wrote (§3.10.2). */
        CORRUPTS_SENT_DATA("the last octet of every data segment it sends is altered", Profile.BASELINE),
        /** The first octet of each data segment it receives reaches its application altered (§3.10.7.4, seventh step). */
        CORRUPTS_RECEIVED_DATA("the first octet of every data segment it receives reaches the application altered",
                Profile.BASELINE);

        private final String what;
        private final Profile profile;

        Bug(String what, Profile profile) {
            this.what = what;
            this.profile = profile;
        }

        /** What is broken, in words. */
        public String what() {
            return what;
        }

        /** The profile under which the bug shows (the challenge ACK needs RFC 5961's). */
        public Profile profile() {
            return profile;
        }

        /** The name {@code --target broken:NAME} takes, e.g. {@code off-by-one-ack}. */
        public String lower() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Bug> named(String name) {
            for (Bug b : values()) {
                if (b.lower().equals(name)) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }
    }

    private final Bug bug;
    private final PacketCodec codec = new PacketCodec();
    private final List<Sent> held = new ArrayList<>();
    /** The last acknowledgment number the stack sent: its RCV.NXT. */
    private long rcvNxt = -1;
    /** Where the peer's last FIN lies, or -1. */
    private long peerFin = -1;
    /** Acknowledgments sent since the last SYN: how far the shrinking window has shrunk. */
    private int shrinkage;
    /** The segment just injected carried RST or SYN, in a synchronized state. */
    private boolean provoking;

    public BrokenVariant(Bug bug, OwnStackTarget stack) {
        super(stack);
        this.bug = bug;
    }

    @Override
    public String name() {
        return "broken:" + bug.lower();
    }

    @Override
    public String description() {
        return "the own stack, broken on purpose: " + bug.what();
    }

    @Override
    public void inject(byte[] packet) {
        WireSegment in = decodeOrNull(packet);
        TcpState before = inner.state().orElse(TcpState.CLOSED);
        provoking = in != null && (in.rst() || in.syn()) && before.isSynchronized();
        if (in != null && in.fin()) {
            peerFin = (in.seq() + in.payload().length) & 0xFFFF_FFFFL;
        }
        if (bug == Bug.CORRUPTS_RECEIVED_DATA && in != null && in.payload().length > 0 && in.checksumValid()) {
            packet = codec.encode(withPayload(in, altered(in.payload(), 0)));
        }
        if (bug == Bug.RST_ACCEPTED_OUT_OF_WINDOW && in != null && in.rst() && rcvNxt >= 0) {
            WireSegment exact = new WireSegment(in.src(), in.srcPort(), in.dst(), in.dstPort(), rcvNxt, in.ackNo(),
                    in.flags(), in.window(), in.urgentPointer(), in.options(), in.payload(), true);
            packet = codec.encode(exact);
        }
        inner.inject(packet);
        collect();
    }

    @Override
    public void call(Call call) {
        provoking = false;
        inner.call(call);
        collect();
    }

    @Override
    public void expire(Timeout timer) {
        provoking = false;
        inner.expire(timer);
        collect();
    }

    @Override
    public void idle(long millis) {
        provoking = false;
        inner.idle(millis);
        collect();
    }

    @Override
    public List<Sent> sent() {
        return SystemUnderTest.drain(held);
    }

    /** Takes what the stack sent, breaking it as the bug says. */
    private void collect() {
        for (Sent s : inner.sent()) {
            WireSegment w = decodeOrNull(s.packet());
            if (w == null) {
                held.add(s);
                continue;
            }
            if (w.ack()) {
                rcvNxt = w.ackNo();
            }
            WireSegment broken = breakIt(w);
            if (broken != null) {
                held.add(broken == w ? s : new Sent(s.time(), codec.encode(broken)));
            }
        }
        if (bug == Bug.NO_TIME_WAIT && inner.state().orElse(null) == TcpState.TIME_WAIT) {
            inner.expire(Timeout.TIME_WAIT);
            inner.sent();
        }
    }

    /** The segment as the broken stack sends it, or null if it does not send it. */
    private WireSegment breakIt(WireSegment w) {
        return switch (bug) {
            case OFF_BY_ONE_ACK -> w.ack() ? withNumbers(w, w.seq(), w.ackNo() + 1) : w;
            case FIN_TAKES_NO_SEQUENCE_NUMBER -> w.ack() && peerFin >= 0 && w.ackNo() == ((peerFin + 1) & 0xFFFF_FFFFL)
                    ? withNumbers(w, w.seq(), peerFin) : w;
            case WRONG_RST_SEQUENCE_NUMBER -> w.rst() ? withNumbers(w, w.seq() + 1, w.ackNo()) : w;
            case NO_CHALLENGE_ACK -> provoking && w.ack() && !w.syn() && !w.rst() && !w.fin()
                    && w.payload().length == 0 ? null : w;
            case EXTRA_OCTET -> w.payload().length > 1 && !w.fin()
                    ? withPayload(w, Arrays.copyOf(w.payload(), w.payload().length + 1)) : w;
            case SHRINKING_WINDOW -> shrink(w);
            case CORRUPTS_SENT_DATA -> w.payload().length > 0 && !w.rst()
                    ? withPayload(w, altered(w.payload(), w.payload().length - 1)) : w;
            case RST_ACCEPTED_OUT_OF_WINDOW, NO_TIME_WAIT, CORRUPTS_RECEIVED_DATA -> w;
        };
    }

    private WireSegment shrink(WireSegment w) {
        if (w.syn()) {
            shrinkage = 0;
        }
        if (!w.ack() || w.rst()) {
            return w;
        }
        int window = Math.max(0, w.window() - shrinkage++);
        return rebuilt(w, w.seq(), w.ackNo(), window, w.payload());
    }

    /** The octets with the one at {@code index} changed (its ASCII case flipped). */
    private static byte[] altered(byte[] payload, int index) {
        byte[] b = payload.clone();
        b[index] ^= 0x20;
        return b;
    }

    private static WireSegment withNumbers(WireSegment w, long seq, long ack) {
        return rebuilt(w, seq, ack, w.window(), w.payload());
    }

    private static WireSegment withPayload(WireSegment w, byte[] payload) {
        return rebuilt(w, w.seq(), w.ackNo(), w.window(), payload);
    }

    /** The segment with other numbers, window or text, and a checksum computed afresh. */
    private static WireSegment rebuilt(WireSegment w, long seq, long ack, int window, byte[] payload) {
        return new WireSegment(w.src(), w.srcPort(), w.dst(), w.dstPort(), seq & 0xFFFF_FFFFL, ack & 0xFFFF_FFFFL,
                w.flags(), window, w.urgentPointer(), w.options(), payload, true);
    }

    private static WireSegment decodeOrNull(byte[] packet) {
        try {
            return PacketCodec.decode(packet);
        } catch (MalformedPacketException e) {
            return null;
        }
    }
}
