package tcpconform.check;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tcpconform.model.Emit;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.TcpState;
import tcpconform.model.graph.Transition;

/**
 * One connection of a capture, judged as it goes: both endpoints' states inferred through the
 * model, and every segment checked against what the model allows there.
 *
 * <p>How a capture is read (docs/check.md says it for users):
 * <ul>
 * <li>Segments are taken as delivered, in capture order. A segment the receiver did not get
 *     (lost after the capture point) can make its later behaviour look wrong; each endpoint
 *     therefore also carries a lenient state set in which any received segment may have been
 *     lost, and a segment only that set explains is recorded as a capture note, not a violation.</li>
 * <li>What the capture lacks is not a violation: sequence numbers that jump forward (packets the
 *     capture missed), an ACK of data never seen, a capture that starts mid-connection (both
 *     endpoints may then be in any state, and the numbers are learnt from the first segments).</li>
 * <li>Window checks need the scale factors: they run only when both SYNs were captured.</li>
 * </ul>
 */
final class ConnectionCheck {

    /** Lines kept for the trajectory of one connection; further lines are counted. */
    static final int MAX_LINES = 400;
    /** Violations kept per connection; further ones are counted. */
    static final int MAX_VIOLATIONS = 100;
    private static final int RECENT = 8;
    private static final long ENDED_FOLDED = PassiveModel.folded(EnumSet.of(TcpState.CLOSED, TcpState.TIME_WAIT, TcpState.LISTEN));
    private static final long SYNCHRONIZED_FOLDED = PassiveModel.folded(EnumSet.of(TcpState.ESTABLISHED,
            TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK,
            TcpState.TIME_WAIT));
    private static final long CLOSED_FOLDED = PassiveModel.folded(EnumSet.of(TcpState.CLOSED, TcpState.LISTEN));

    private final PassiveModel model;
    final long id;
    final View a;
    final View b;
    final long firstPacket;
    long lastPacket;
    long lastTime;
    long packets;
    private final List<Line> lines = new ArrayList<>();
    private long linesDropped;
    private final List<Violation> violations = new ArrayList<>();
    private long violationCount;
    /** Every violation, kept or not, by its heading: few headings, however many violations. */
    private final Map<Violation.Heading, Long> byHeading = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** What was recognised in the segment being added, for its line: "retransmission; " and the like. */
    private final StringBuilder events = new StringBuilder();
    long retransmissions;
    long keepAlives;
    long probes;
    long gaps;
    long lossExplained;

    /** One endpoint: where it may be, and what the capture has shown of its numbers. */
    final class View {
        final Peer peer;
        final String name;
        long states;
        long lenient;
        final long[] owed = new long[Emit.values().length];
        Transition decidedBy;
        // send side
        boolean sndKnown;
        long iss = -1;
        long sndNxt;
        /** The end of what it was seen to send; SND.NXT is further only when inferred from the peer's ACKs. */
        long sentEnd;
        boolean unaKnown;
        long sndUna;
        long finSeq = -1;
        /** The peer acknowledged its FIN exactly. */
        boolean finAcked;
        /** SND.NXT of the same endpoint in the connection before this one on the four-tuple, or -1. */
        long previousSndNxt = -1;
        /** It sent FINs or data that contradict its first FIN: where its stream ends is unclear. */
        boolean finBroken;
        Options synOptions;
        int synData;
        /** The ACK number of its first SYN-ACK: which SYN it answered. */
        long synAckAck = -1;
        /** Whether it sent a SYN (opened actively), a SYN-ACK only (passively), or neither was seen. */
        boolean active;
        boolean passive;
        /** The packet numbers of its last SYN and its last SYN-ACK, or -1. */
        long lastBareSyn = -1;
        long lastSynAck = -1;
        // receive side
        boolean rcvKnown;
        long rcvNxt;
        /** The peer's FIN arrived out of order and waits for the gap before it (SHLD-31). */
        boolean heldFin;
        long heldFinSeq;
        // the windows it advertises
        boolean rightKnown;
        long lastRight;
        long maxRight;
        long lastWindow = -1;
        // checksums
        long good;
        long bad;
        final long[] recentSeq = new long[RECENT];
        final long[] recentAck = new long[RECENT];
        final long[] recentLen = new long[RECENT];
        final boolean[] recentHasAck = new boolean[RECENT];
        int recentCount;

        View(Peer peer, String name, long states) {
            this.peer = peer;
            this.name = name;
            this.states = states;
            this.lenient = states;
        }

        String label() {
            return name + " " + peer;
        }

        /**
         * Takes over what the capture showed of the same endpoint in another view: the connection
         * before this one, or a fresh view when it opens again. Checksum counts, the RST check's
         * ring of recent segments and {@code previousSndNxt} stay.
         */
        void copy(View o) {
            states = o.states;
            lenient = o.lenient;
            System.arraycopy(o.owed, 0, owed, 0, owed.length);
            decidedBy = o.decidedBy;
            sndKnown = o.sndKnown;
            iss = o.iss;
            sndNxt = o.sndNxt;
            sentEnd = o.sentEnd;
            unaKnown = o.unaKnown;
            sndUna = o.sndUna;
            finSeq = o.finSeq;
            finAcked = o.finAcked;
            finBroken = o.finBroken;
            synOptions = o.synOptions;
            synData = o.synData;
            synAckAck = o.synAckAck;
            active = o.active;
            passive = o.passive;
            rcvKnown = o.rcvKnown;
            rcvNxt = o.rcvNxt;
            heldFin = o.heldFin;
            heldFinSeq = o.heldFinSeq;
            rightKnown = o.rightKnown;
            lastRight = o.lastRight;
            maxRight = o.maxRight;
            lastWindow = o.lastWindow;
        }
    }

    /** A connection that follows {@code before} on the same four-tuple. */
    ConnectionCheck(PassiveModel model, long id, Segment first, ConnectionCheck before) {
        this(model, id, first);
        for (View v : List.of(a, b)) {
            View old = before.a.peer.equals(v.peer) ? before.a : before.b;
            if (v == b) {
                // The end that receives the new SYN may still hold the old connection (a
                // half-open one answers with its old numbers, §3.5.2): it starts from there,
                // having answered no SYN of this connection yet.
                v.copy(old);
                v.synAckAck = -1;
            }
            v.previousSndNxt = old.sndKnown ? old.sndNxt : -1;
        }
    }

    ConnectionCheck(PassiveModel model, long id, Segment first) {
        this.model = model;
        this.id = id;
        boolean opening = first.syn() && !first.hasAck();
        long start = opening ? model.of(EnumSet.of(TcpState.CLOSED, TcpState.LISTEN)) : model.any();
        this.a = new View(first.src(), "A", start);
        this.b = new View(first.dst(), "B", start);
        this.firstPacket = first.packet();
        if (!opening) {
            note(first.packet(), "the capture starts mid-connection: both ends may be in any state at first");
        }
    }

    /** Whether both ends have closed (or sit in TIME-WAIT, or went back to LISTEN). */
    boolean ended() {
        return (PassiveModel.folded(a.states) & ~ENDED_FOLDED) == 0 && (PassiveModel.folded(b.states) & ~ENDED_FOLDED) == 0;
    }

    /** Whether {@code s}, a SYN without ACK, starts a new connection on this four-tuple. */
    boolean newIncarnation(Segment s) {
        View from = s.src().equals(a.peer) ? a : b;
        if (from.iss < 0) {
            // The passive end's own SYN is a simultaneous open, unless everything had ended.
            return ended();
        }
        return from.iss != s.seq() || closedOnly(from);
    }

    private static boolean closedOnly(View v) {
        return (PassiveModel.folded(v.states) & ~CLOSED_FOLDED) == 0;
    }

    List<Violation> violations() {
        return violations;
    }

    long violationCount() {
        return violationCount;
    }

    Map<Violation.Heading, Long> byHeading() {
        return byHeading;
    }

    /** The trajectory: a line for each segment that changed a state, broke a rule or was recognised as something. */
    List<String> lines() {
        List<String> out = new ArrayList<>(lines.size() + 1);
        for (Line l : lines) {
            out.add(l.text(violations));
        }
        if (linesDropped > 0) {
            out.add("  ... " + linesDropped + " lines more");
        }
        return out;
    }

    /**
     * A line of the trajectory, kept as what it says and written out only when the connection's
     * result is made: judging a segment stays cheap.
     *
     * @param segment        the segment
     * @param fromA          whether A sent it
     * @param statesA        A's states after it
     * @param statesB        B's states after it
     * @param events         what was recognised in it ("retransmission; ", ...), or null
     * @param firstViolation the index of the first violation it broke
     * @param endViolation   the index after the last violation it broke
     */
    private record Line(Segment segment, boolean fromA, long statesA, long statesB, String events,
                        int firstViolation, int endViolation) {

        /** E.g. {@code      3  A > B  [.] seq 1 ack 1 win 512 length 0   A ESTABLISHED, B ESTABLISHED}. */
        String text(List<Violation> violations) {
            Text line = new Text().add(segment.packet(), 7).add(fromA ? "  A > B  " : "  B > A  ");
            segment.tcpdump(line).add("   A ").add(PassiveModel.label(statesA)).add(", B ")
                    .add(PassiveModel.label(statesB));
            if (events != null) {
                line.add("   (").add(events.substring(0, events.length() - 2)).add(')');
            }
            for (int i = firstViolation; i < endViolation; i++) {
                Violation v = violations.get(i);
                line.add("\n           ").add(v.verdict()).add(' ').add(v.section()).add(' ').add(v.requirement())
                        .add(": ").add(v.expected());
            }
            return line.toString();
        }
    }

    List<String> notes() {
        List<String> n = new ArrayList<>(notes);
        for (View v : List.of(a, b)) {
            if (v.bad > 0 && v.good == 0) {
                n.add(v.label() + ": every checksum is wrong (" + v.bad
                        + " segments): checksums left to offload on the capturing host, not checked");
            } else if (v.bad > 0) {
                n.add(v.label() + ": " + v.bad + " of " + (v.bad + v.good)
                        + " checksums wrong (corrupted, or offloaded on some paths); those segments were judged as sent");
            }
        }
        if (gaps > 0) {
            n.add(gaps + " places where the numbers jump past what the capture holds (packets missing from the capture)");
        }
        if (lossExplained > 0) {
            n.add(lossExplained + " segments explained only if a segment before them was lost after the capture point");
        }
        return n;
    }

    /** The final states, e.g. {@code A TIME-WAIT, B CLOSED}. */
    String finalStates() {
        return "A " + PassiveModel.label(a.states) + ", B " + PassiveModel.label(b.states);
    }

    // --------------------------------------------------------------------------- a segment

    void add(Segment s) {
        packets++;
        lastPacket = s.packet();
        lastTime = s.timeNanos();
        View from = s.src().equals(a.peer) && s.dst().equals(b.peer) ? a : b;
        View to = from == a ? b : a;
        if (s.checksum() == Segment.Checksum.GOOD) {
            from.good++;
        } else if (s.checksum() == Segment.Checksum.BAD) {
            from.bad++;
        }
        long beforeA = PassiveModel.folded(a.states);
        long beforeB = PassiveModel.folded(b.states);
        int violationsBefore = violations.size();
        long countBefore = violationCount;
        events.setLength(0);

        if (s.syn() && !s.hasAck() && from.iss >= 0) {
            // A SYN opens (again): its old numbers are gone, whether this is a retransmission in
            // SYN-SENT (nothing is lost), a restart (the half-open case of §3.5.2), or a new
            // connection that happens to reuse the ISN.
            boolean newIsn = from.iss != s.seq();
            restart(from);
            if (newIsn) {
                events.append(from.name).append(" opens again; ");
            }
        }
        if (s.syn() && s.hasAck() && from.iss >= 0 && from.iss != s.seq()
                && (from.synAckAck != s.ack() || to.lastBareSyn > from.lastSynAck)
                && to.iss >= 0 && s.ack() == ((to.iss + 1) & 0xFFFFFFFFL)) {
            // A new passive open answering the new SYN (which may reuse the old ISN, after the
            // old connection timed out): the old numbers are gone.
            restart(from);
            from.states = model.of(EnumSet.of(TcpState.SYN_RECEIVED));
            from.lenient = from.states;
            from.rcvKnown = true;
            from.rcvNxt = s.ack();
            events.append(from.name).append(" answers the new SYN as a new connection; ");
        }
        if (s.syn()) {
            if (s.hasAck()) {
                from.lastSynAck = s.packet();
            } else {
                from.lastBareSyn = s.packet();
            }
        }
        checkSent(s, from, to);
        Emit kind = emitted(s);
        if (kind != null) {
            send(s, from, kind);
        }
        learnSent(s, from, to);
        receive(s, to);
        learnReceived(s, to);

        boolean changed = PassiveModel.folded(a.states) != beforeA || PassiveModel.folded(b.states) != beforeB;
        if (changed || violationCount > countBefore || events.length() > 0) {
            trace(s, from, violationsBefore);
        }
    }

    /** Adds the segment's line to the trajectory, or counts it once the trajectory is full. */
    private void trace(Segment s, View from, int violationsBefore) {
        if (lines.size() >= MAX_LINES) {
            linesDropped++;
            return;
        }
        lines.add(new Line(s, from == a, a.states, b.states, events.length() > 0 ? events.toString() : null,
                violationsBefore, violations.size()));
    }

    /** The endpoint opens again: what the capture showed of its numbers belongs to the old connection. */
    private void restart(View v) {
        v.copy(new View(v.peer, v.name, model.of(EnumSet.of(TcpState.CLOSED, TcpState.LISTEN))));
    }

    /** The kind of segment the model would call this, or null if it is none (a FLAGS violation). */
    private static Emit emitted(Segment s) {
        if (s.syn()) {
            return s.hasAck() ? Emit.SYN_ACK : Emit.SYN;
        }
        if (s.rst()) {
            return s.hasAck() ? Emit.RST_ACK : Emit.RST;
        }
        if (!s.hasAck()) {
            return null;
        }
        if (s.fin()) {
            return Emit.FIN;
        }
        return s.length() > 0 ? Emit.DATA : Emit.ACK;
    }

    // ------------------------------------------------------------------ checks on numbers

    private void checkSent(Segment s, View from, View to) {
        if (from.sndKnown && from.sndNxt != from.sentEnd && s.length() == 0 && !s.syn() && !s.fin() && !s.rst()
                && s.hasAck() && s.seq() == from.sentEnd) {
            // An ACK carries SND.NXT (§3.10.7.4): the peer acknowledged what this end never sent
            // (an ACK of unsent data), rather than the capture missing what it sent.
            from.sndNxt = from.sentEnd;
            gaps--;
        }
        if (s.syn() && (s.fin() || s.rst())) {
            violation(s, from, Rule.FLAGS, "SYN with " + (s.fin() ? "FIN" : "RST") + ": " + Rule.FLAGS.text());
        } else if (!s.syn() && !s.rst() && !s.hasAck()) {
            violation(s, from, Rule.FLAGS, "every segment after the SYN carries ACK (\"once a connection is established, "
                    + "this is always sent\")");
        }
        Options o = s.options();
        if (o.malformed() != null) {
            violation(s, from, Rule.OPTION_LENGTH, Rule.OPTION_LENGTH.text() + "; here " + o.malformed());
        }
        if (!s.syn() && o.mss() >= 0) {
            violation(s, from, Rule.MSS_NOT_SYN, Rule.MSS_NOT_SYN.text());
        }
        if (!s.syn() && o.wscale() >= 0) {
            violation(s, from, Rule.WSCALE_PLACE, Rule.WSCALE_PLACE.text());
        }
        if (!s.syn() && o.sackOk()) {
            violation(s, from, Rule.SACK_PLACE, Rule.SACK_PLACE.text());
        }
        // A SYN-ACK answers the peer's SYN with options only if that SYN carried them. In a
        // simultaneous open the SYN-ACK repeats the sender's own SYN, whose options stand.
        if (s.syn() && s.hasAck() && to.synOptions != null && !from.active) {
            if (o.wscale() >= 0 && to.synOptions.wscale() < 0) {
                violation(s, from, Rule.WSCALE_PLACE, "no window scale on the SYN-ACK: the SYN carried none");
            }
            if (o.timestamps() && !to.synOptions.timestamps()) {
                violation(s, from, Rule.TIMESTAMPS, "no timestamps on the SYN-ACK: the SYN carried none");
            }
        }
        if (!s.syn() && !s.rst() && !o.timestamps() && from.synOptions != null && to.synOptions != null
                && from.synOptions.timestamps() && to.synOptions.timestamps() && s.checksum() != Segment.Checksum.UNVERIFIED) {
            violation(s, from, Rule.TIMESTAMPS, "timestamps on every segment but RSTs: both SYNs carried them");
        }
        if (s.syn() && s.hasAck()) {
            if (from.iss >= 0 && from.iss != s.seq()) {
                violation(s, from, Rule.ISS_CHANGED, "SYN-ACK seq " + from.iss + " again, as first sent");
            }
            // The first SYN-ACK: a retransmitted one acknowledges whatever has arrived since.
            if (from.iss < 0 && to.iss >= 0 && to.synOptions != null) {
                long plain = (to.iss + 1) & 0xFFFFFFFFL;
                long withData = (to.iss + 1 + to.synData) & 0xFFFFFFFFL;
                if (s.ack() != plain && s.ack() != withData) {
                    violation(s, from, Rule.SYN_ACK_NUMBER, "ack " + plain + (to.synData > 0 ? " (or " + withData
                            + " if the SYN's data is accepted)" : "") + ": the SYN was seq " + to.iss);
                }
            }
        }
        if (from.finSeq >= 0 && !s.rst()) {
            long end = (s.seq() + s.length()) & 0xFFFFFFFFL;
            if (s.fin() && end != from.finSeq) {
                from.finBroken = true;
                violation(s, from, Rule.AFTER_FIN, "the FIN again at seq " + from.finSeq + ", where it was first sent");
            } else if (!s.fin() && s.length() > 0 && diff(end, from.finSeq) > 0) {
                from.finBroken = true;
                violation(s, from, Rule.AFTER_FIN, "no data beyond seq " + from.finSeq + ", where the FIN was sent");
            }
        }
        if (s.hasAck() && !s.rst() && to.finSeq >= 0 && !to.finBroken && ((to.finSeq + 1) & 0xFFFFFFFFL) == s.ack()) {
            to.finAcked = true;
        }
        // Provable only once this end has taken the FIN: before, its RCV.NXT may lie elsewhere.
        if (s.hasAck() && !s.rst() && to.finAcked && !to.finBroken && diff(s.ack(), to.finSeq + 1) > 0) {
            violation(s, from, Rule.ACK_UNSENT, "ack at most " + ((to.finSeq + 1) & 0xFFFFFFFFL)
                    + ": the peer's FIN was seq " + to.finSeq);
        }
        if (s.rst()) {
            checkRstNumber(s, from, to);
        }
        if (s.length() > 0 && !s.syn() && !s.rst() && to.rightKnown && windowsKnown()) {
            long end = (s.seq() + s.length()) & 0xFFFFFFFFL;
            boolean newData = !from.sndKnown || diff(end, from.sndNxt) > 0;
            if (newData && diff(end, to.lastRight) > 1) {
                if (diff(end, to.maxRight) > 1) {
                    violation(s, from, Rule.WINDOW_EXCEEDED, "data only up to seq " + to.lastRight
                            + " (SND.UNA+SND.WND as the peer advertised it)");
                } else {
                    violation(s, from, Rule.WINDOW_SHRUNK_SEND, "no new data beyond seq " + to.lastRight
                            + ", the right edge after the peer shrank its window");
                }
            }
        }
        if (s.length() > 0 && to.lastWindow == 0 && s.length() == 1) {
            probes++;
            events.append("zero-window probe; ");
        } else if (from.sndKnown && !s.syn() && s.segLen() > 0 && diff(s.seq() + s.segLen(), from.sndNxt) <= 0) {
            if (s.length() <= 1 && !s.fin() && ((s.seq() + 1) & 0xFFFFFFFFL) == from.sndNxt) {
                keepAlives++;
                events.append("keep-alive; ");
            } else {
                retransmissions++;
                events.append("retransmission; ");
            }
        } else if (from.sndKnown && s.length() == 0 && !s.syn() && !s.fin() && !s.rst()
                && ((s.seq() + 1) & 0xFFFFFFFFL) == from.sndNxt) {
            keepAlives++;
            events.append("keep-alive; ");
        }
    }

    /** §3.5.2 and §3.10.5: where a RST's number must come from. */
    private void checkRstNumber(Segment s, View from, View to) {
        if (from.sndKnown && (s.seq() == from.sndNxt || s.seq() == from.sentEnd || (from.unaKnown && s.seq() == from.sndUna))) {
            return;
        }
        if (from.sndKnown && from.iss >= 0 && diff(s.seq(), from.iss) > 0 && diff(s.seq(), from.sndNxt) <= 0
                && (PassiveModel.folded(from.states) & CLOSED_FOLDED) != 0) {
            // A closed endpoint answering a delayed duplicate: the segment it answers may have
            // been captured long before (or, duplicated after the capture point, not at all), so
            // any number the peer can have acknowledged, ISS+1 to SND.NXT, is SEG.ACK of one.
            return;
        }
        if (from.previousSndNxt >= 0 && s.seq() == from.previousSndNxt) {
            // The earlier connection on this four-tuple (in TIME-WAIT, say) answering the new SYN.
            return;
        }
        for (int i = 0; i < Math.min(to.recentCount, RECENT); i++) {
            if (to.recentHasAck[i] ? s.seq() == to.recentAck[i]
                    : s.hasAck() && s.ack() == ((to.recentSeq[i] + to.recentLen[i]) & 0xFFFFFFFFL)) {
                return;
            }
        }
        if (!from.sndKnown && to.recentCount == 0 && from.previousSndNxt < 0) {
            return;
        }
        String expected = (from.sndKnown ? "seq " + from.sndNxt + " (SND.NXT, an abort)" : "")
                + (to.recentCount > 0 ? (from.sndKnown ? ", or " : "") + "the number a reply to one of the peer's last "
                + Math.min(to.recentCount, RECENT) + " segments takes" : "");
        violation(s, from, Rule.RST_NUMBER, expected);
    }

    /** Whether the endpoint may be synchronized, and so may have sent data the capture lacks. */
    private static boolean maySendData(View v) {
        return (PassiveModel.folded(v.states) & SYNCHRONIZED_FOLDED) != 0;
    }

    private boolean windowsKnown() {
        return a.synOptions != null && b.synOptions != null;
    }

    private int shift(View v) {
        return a.synOptions.wscale() >= 0 && b.synOptions.wscale() >= 0 ? Math.min(v.synOptions.wscale(), 14) : 0;
    }

    // --------------------------------------------------------------------- the sender's move

    private void send(Segment s, View from, Emit kind) {
        long strict = after(from.states, kind, from);
        // The lenient set keeps every alternative this segment does not rule out: a segment to
        // the endpoint lost after the capture point (a pure ACK's loss shows only later), and
        // moves that send nothing.
        long lenient = model.withListen(afterQuietly(model.silently(from.lenient), kind, from));
        if (strict != 0) {
            from.states = model.withListen(strict);
            from.lenient = lenient | from.states;
            return;
        }
        long quiet = afterQuietly(model.silently(from.states), kind, from);
        if (quiet != 0) {
            events.append(from.name).append(" closed, timed out or listened without a segment to show it; ");
            from.states = model.withListen(quiet);
            from.lenient = lenient | from.states;
            return;
        }
        if (lenient != 0) {
            lossExplained++;
            events.append(from.name).append(" acts as if a segment to it was lost after the capture point; ");
            from.states = lenient;
            from.lenient = lenient;
            return;
        }
        Transition t = from.decidedBy != null ? from.decidedBy : model.senderOf(kind);
        String section = t == null ? Rule.STATE.section() : "RFC 9293 §" + t.section();
        List<String> labels = t == null ? List.of() : t.requirements();
        String expected = "in " + PassiveModel.label(from.states) + " the model allows sending "
                + model.allowedKinds(from.states, 0) + " (the state "
                + (from.decidedBy != null ? "follows from " + from.decidedBy.label() : "as inferred") + ")";
        record(new Violation(List.of(s.packet()), from.label(), Rule.STATE.id(), section, labels,
                labels.stream().anyMatch(l -> l.startsWith("MUST")) || labels.isEmpty() ? "FAIL" : "DEVIATION",
                expected, s.tcpdump()));
        // Start again from every state that can send such a segment, so that one wrong segment
        // is reported once, not with everything after it.
        long where = model.whereSent(kind);
        if (kind == Emit.ACK) {
            where |= model.of(EnumSet.complementOf(EnumSet.of(TcpState.CLOSED, TcpState.LISTEN, TcpState.SYN_SENT)));
        }
        from.states = where == 0 ? model.any() : where;
        from.lenient = from.states;
    }

    /** {@link #after}, where a closed or listening endpoint may also answer anything with a RST. */
    private long afterQuietly(long states, Emit kind, View v) {
        return after(states, kind, v)
                | (kind == Emit.RST || kind == Emit.RST_ACK ? model.closedOrListen(states) : 0);
    }

    private long after(long states, Emit kind, View v) {
        long out = model.afterSending(states, kind, v.owed[kind.ordinal()]);
        // A RST's ACK bit is the sender's to set (§3.10.5 gives none, §3.5.2 one in some replies).
        if (kind == Emit.RST) {
            out |= model.afterSending(states, Emit.RST_ACK, v.owed[Emit.RST_ACK.ordinal()]);
        } else if (kind == Emit.RST_ACK) {
            out |= model.afterSending(states, Emit.RST, v.owed[Emit.RST.ordinal()]);
        }
        return out;
    }

    /** What a sent segment tells of its sender's numbers. */
    private void learnSent(Segment s, View from, View to) {
        long end = (s.seq() + s.segLen()) & 0xFFFFFFFFL;
        if (s.syn() && s.hasAck() && from.synAckAck < 0) {
            from.synAckAck = s.ack();
        }
        if (s.syn()) {
            from.active |= !s.hasAck();
            from.passive |= s.hasAck();
            from.iss = s.seq();
            from.synOptions = s.options();
            from.synData = s.length();
        }
        if (!s.rst()) {
            if (!from.sndKnown) {
                from.sndKnown = true;
                from.sndNxt = end;
                from.sentEnd = end;
            } else if (diff(end, from.sndNxt) > 0) {
                if (diff(s.seq(), from.sndNxt) > 0) {
                    gaps++;
                    events.append("octets ").append(from.sndNxt).append(" to ").append(s.seq())
                            .append(" missing from the capture; ");
                }
                from.sndNxt = end;
            }
            if (diff(end, from.sentEnd) > 0) {
                from.sentEnd = end;
            }
            if (s.fin() && from.finSeq < 0) {
                from.finSeq = (s.seq() + s.length() + (s.syn() ? 1 : 0)) & 0xFFFFFFFFL;
            }
        }
        if (s.hasAck() && !s.rst()) {
            // A SYN-ACK's acknowledgement is IRS+1 (§3.10.7.3): the receive space starts there,
            // whatever the capture suggested of segments its sender did not take.
            if (!from.rcvKnown || diff(s.ack(), from.rcvNxt) > 0 || s.syn()) {
                from.rcvKnown = true;
                from.rcvNxt = s.ack();
            }
            if (to.sndKnown && diff(s.ack(), to.sndNxt) > 0 && to.finSeq < 0 && maySendData(to)) {
                // The peer sent more than the capture holds.
                gaps++;
                to.sndNxt = s.ack();
            }
            long window = s.syn() || !windowsKnown() ? s.window() : (long) s.window() << shift(from);
            long right = (s.ack() + window) & 0xFFFFFFFFL;
            if (windowsKnown() && !s.syn()) {
                int slack = (1 << shift(from)) - 1;
                if (from.rightKnown && diff(right, from.lastRight) < -slack) {
                    violation(s, from, Rule.SHRINK, "right edge at least " + from.lastRight + "; here "
                            + s.ack() + "+" + window + " = " + right);
                }
            }
            // The peer takes the window only from a segment it accepts (§3.10.7.4: an old
            // segment, or an ACK of what it never sent, is answered and dropped).
            boolean taken = s.syn() || !to.rcvKnown
                    || (diff(s.seq(), to.rcvNxt) >= 0 || diff(s.seq() + s.segLen(), to.rcvNxt) > 0)
                    && (!to.sndKnown || diff(s.ack(), to.sndNxt) <= 0);
            if (taken) {
                from.lastWindow = window;
                if (!from.rightKnown || diff(right, from.maxRight) > 0) {
                    from.maxRight = right;
                }
                from.lastRight = right;
                from.rightKnown = true;
            }
        }
        int i = from.recentCount++ % RECENT;
        from.recentSeq[i] = s.seq();
        from.recentAck[i] = s.ack();
        from.recentLen[i] = s.segLen();
        from.recentHasAck[i] = s.hasAck();
    }

    // ------------------------------------------------------------------- the receiver's move

    private void receive(Segment s, View to) {
        Kind kind = Kind.of(s.syn(), s.hasAck(), s.fin(), s.rst());
        int acksWithPartial = 0;
        int acksWithoutPartial = 0;
        if (kind.hasAck()) {
            acksWithPartial = ackClasses(s, to, true);
            acksWithoutPartial = ackClasses(s, to, false);
        }
        int facts = (to.heldFin ? PassiveModel.HELD_FIN : 0) | (to.active ? PassiveModel.SENT_SYN : 0)
                | (to.passive ? PassiveModel.SENT_SYN_ACK : 0) | (to.finSeq >= 0 ? PassiveModel.SENT_FIN : 0)
                | (to.synOptions != null ? PassiveModel.SYN_SEEN : 0);
        boolean payload = s.length() > 0 && kind.mayCarryData();
        PassiveModel.Move move = model.receive(to.states, to.lenient, PassiveModel.arrival(kind, payload,
                s.window() == 0, seqClasses(s, to), acksWithPartial, acksWithoutPartial, facts));
        to.lenient = model.withListen(move.lenientAfter() | to.lenient);
        to.states = model.withListen(move.strictAfter() != 0 ? move.strictAfter() : to.states);
        long[] owedNow = move.owed();
        for (int k = 0; k < owedNow.length; k++) {
            to.owed[k] = (to.owed[k] & to.lenient) | owedNow[k];
        }
        Transition decided = move.decided();
        if (decided != null && decided.to() != decided.from()) {
            to.decidedBy = decided;
        }
    }

    private static final int SEQ_UNKNOWN = bits(SeqClass.EXACT) | bits(SeqClass.IN_WINDOW) | bits(SeqClass.OLD)
            | bits(SeqClass.BEYOND);
    private static final int ACK_UNKNOWN = bits(AckClass.EXACT) | bits(AckClass.PARTIAL) | bits(AckClass.OLD)
            | bits(AckClass.UNSENT);

    private static int bits(Enum<?> e) {
        return 1 << e.ordinal();
    }

    /**
     * Table 6 of §3.10.7.4, on the receiver's RCV.NXT and RCV.WND as the capture shows them: the
     * classes SEG.SEQ may fall in, as bits by ordinal (one, unless the numbers are unknown).
     */
    private int seqClasses(Segment s, View to) {
        if (!to.rcvKnown) {
            return SEQ_UNKNOWN;
        }
        int d = diff(s.seq(), to.rcvNxt);
        if (d == 0) {
            return bits(SeqClass.EXACT);
        }
        if (d < 0) {
            return bits(d + s.segLen() > 0 ? SeqClass.EXACT : SeqClass.OLD);
        }
        if (!to.rightKnown || !windowsKnown()) {
            return bits(SeqClass.IN_WINDOW) | bits(SeqClass.BEYOND);
        }
        return bits(diff(s.seq(), to.lastRight) < 0 ? SeqClass.IN_WINDOW : SeqClass.BEYOND);
    }

    /**
     * §3.10.7.4 fifth step: the classes SEG.ACK may fall in against the receiver's SND.UNA and
     * SND.NXT, as bits by ordinal, in states where a partial acknowledgment exists or not.
     */
    private static int ackClasses(Segment s, View to, boolean partialExists) {
        if (!to.sndKnown) {
            return ACK_UNKNOWN;
        }
        int classes = ackClasses(s, to, partialExists, to.sndNxt);
        if (to.sentEnd == to.sndNxt) {
            return classes;
        }
        // SND.NXT beyond what the capture shows it sent was inferred from the peer's ACKs; they may
        // instead have acknowledged what was never sent.
        return classes | ackClasses(s, to, partialExists, to.sentEnd);
    }

    private static int ackClasses(Segment s, View to, boolean partialExists, long sndNxt) {
        int d = diff(s.ack(), sndNxt);
        if (d == 0) {
            return bits(AckClass.EXACT);
        }
        if (d > 0) {
            return bits(AckClass.UNSENT);
        }
        if (!partialExists) {
            return bits(AckClass.OLD);
        }
        if (!to.unaKnown) {
            return bits(AckClass.PARTIAL) | bits(AckClass.OLD);
        }
        return bits(diff(s.ack(), to.sndUna) > 0 ? AckClass.PARTIAL : AckClass.OLD);
    }

    /** What a received segment tells of the receiver's numbers. */
    private void learnReceived(Segment s, View to) {
        if (s.syn() && !to.rcvKnown) {
            to.rcvKnown = true;
            to.rcvNxt = (s.seq() + 1) & 0xFFFFFFFFL;
        } else if (to.rcvKnown && !s.rst() && s.hasAck() && (!to.sndKnown || diff(s.ack(), to.sndNxt) <= 0)
                && (PassiveModel.folded(to.states) & SYNCHRONIZED_FOLDED) != 0) {
            // Only a synchronized endpoint takes text or a FIN, and only with an acceptable ACK
            // (§3.10.7.4, fifth: no ACK bit, or an ACK of what was not sent, and it is dropped).
            int start = diff(s.seq(), to.rcvNxt);
            long end = (s.seq() + s.segLen()) & 0xFFFFFFFFL;
            if (start <= 0 && diff(end, to.rcvNxt) > 0) {
                to.rcvNxt = end;
            }
            if (s.fin() && start > 0 && !to.heldFin) {
                to.heldFin = true;
                to.heldFinSeq = (s.seq() + s.length()) & 0xFFFFFFFFL;
            }
        }
        if (to.heldFin && to.rcvKnown && diff(to.rcvNxt, to.heldFinSeq) > 0) {
            to.heldFin = false;
        }
        if (s.hasAck() && !s.rst() && to.sndKnown && diff(s.ack(), to.sndNxt) <= 0
                && (!to.unaKnown || diff(s.ack(), to.sndUna) > 0)) {
            to.unaKnown = true;
            to.sndUna = s.ack();
        }
    }

    // ------------------------------------------------------------------------- recording

    private void violation(Segment s, View from, Rule rule, String expected) {
        record(new Violation(List.of(s.packet()), from.label(), rule.id(), rule.section(), rule.requirements(),
                rule.verdict(), expected, s.tcpdump()));
    }

    private void record(Violation v) {
        violationCount++;
        byHeading.merge(v.heading(), 1L, Long::sum);
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(v);
        }
    }

    private void note(long packet, String text) {
        notes.add("packet " + packet + ": " + text);
    }

    /** The signed distance from b to a in sequence space (RFC 9293 §3.4: arithmetic modulo 2^32). */
    static int diff(long a, long b) {
        return (int) (a - b);
    }
}
