package tcpconform.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntConsumer;

import tcpconform.codec.MalformedPacketException;
import tcpconform.codec.PacketCodec;
import tcpconform.codec.StreamData;
import tcpconform.codec.TcpOption;
import tcpconform.codec.WireSegment;
import tcpconform.model.Call;
import tcpconform.model.Emit;
import tcpconform.model.Input;
import tcpconform.model.Notify;
import tcpconform.model.SegmentInput;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.reference.ConcreteSegment;
import tcpconform.model.reference.Prediction;
import tcpconform.model.reference.Reference;
import tcpconform.model.reference.SegmentPattern;
import tcpconform.model.reference.Segments;
import tcpconform.model.reference.Seq;
import tcpconform.model.reference.Tcb;
import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;
import tcpconform.sut.CannotTake;
import tcpconform.sut.Endpoints;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.SystemUnderTest.Sent;
import tcpconform.sut.SystemUnderTest.Signal;
import tcpconform.sut.TargetFactory;

/**
 * Runs cases against a target (design.md, "Running a case"). For each input the mapper gives
 * it numbers from what has been observed of the target, the target takes it, and what the target
 * then sends and tells its application is compared with the model's reference. A case stops at
 * its first finding: after it the target and the model no longer describe the same connection.
 */
public final class Runner {

    /** The notifications a target's application side can report; the model's call errors are not judged. */
    private static final Set<Notify> JUDGED = EnumSet.of(Notify.CONNECTED, Notify.DATA, Notify.EOF,
            Notify.RESET, Notify.REFUSED, Notify.TIMED_OUT);
    /** The MSS the tester announces on its SYNs (§3.7.1). */
    private static final int TESTER_MSS = 1460;
    /** The MSS to assume of a target that announces none (§3.7.1, MUST-15). */
    private static final int DEFAULT_MSS = 536;
    /** How the finding of a step the target cannot take begins. */
    private static final String CANNOT_TAKE = "the target cannot take ";
    /** How long an ACK may be delayed: "the delay MUST be less than 0.5 seconds" (§3.8.6.3, MUST-40). */
    static final long MAX_ACK_DELAY = 500;

    private final StateGraph graph;
    private final TargetFactory targets;
    private final Expectations expectations;
    private final RequirementCatalogue catalogue = RequirementCatalogue.rfc9293();
    private final PacketCodec codec = new PacketCodec();

    public Runner(StateGraph graph, TargetFactory targets, Expectations expectations) {
        this.graph = graph;
        this.targets = targets;
        this.expectations = expectations;
    }

    public StateGraph graph() {
        return graph;
    }

    /** Runs one case on a fresh target. */
    public CaseResult run(Case c) {
        return run(c, i -> { });
    }

    /** Runs one case on a fresh target, telling {@code beforeInput} the index of each input before it is given. */
    public CaseResult run(Case c, IntConsumer beforeInput) {
        try (SystemUnderTest target = targets.open(c.seed(), c.tuning())) {
            return run(c, target, beforeInput);
        }
    }

    /**
     * What the runner learns of a case's target beyond what the reference tracks: the MSS it
     * announced, and an ACK it still owes, when the case lets it delay ACKs.
     */
    private static final class Learned {
        int targetMss = DEFAULT_MSS;
        /** Octets the target's application has read on this connection. */
        long octetsRead;
        /** A required ACK the target delayed (§3.8.6.3); it must follow within 500 ms. */
        SegmentPattern delayedAck;
    }

    private CaseResult run(Case c, SystemUnderTest target, IntConsumer beforeInput) {
        Reference ref = new Reference(graph.profile(), 0, c.peerIss());
        Learned learned = new Learned();
        List<Step> steps = new ArrayList<>();
        String unexpected = "";
        Verdict verdict = Verdict.PASS;
        List<Input> inputs = c.test().inputs();
        for (int i = 0; i < inputs.size(); i++) {
            beforeInput.accept(i);
            Step step = step(c, i, inputs.get(i), ref, target, learned);
            steps.add(step);
            verdict = verdict.worst(step.verdict());
            if (step.verdict().isFinding()) {
                if (!expected(step)) {
                    unexpected = "step " + (i + 1) + ": " + step.verdict() + " " + step.finding();
                    break;
                }
                if (step.listedAs() == null) {
                    break; // the target left the model: what follows is no longer the same connection
                }
                // Something the target does whatever the input (a timer of its own that expired,
                // how it numbers an ACK), expected: the connection is still the model's, and the
                // case goes on, so that where a timer happens to fire does not decide what is run.
            }
        }
        List<CaseResult.CheckOutcome> checks = new ArrayList<>();
        if (!verdict.isFinding()) {
            if (learned.delayedAck != null) {
                checks.add(lastDelayedAck(learned.delayedAck, target));
            }
            List<Case.Check> all = new ArrayList<>(c.checks());
            all.addAll(WindowChecks.ALL);
            for (Case.Check check : all) {
                Optional<String> finding = check.finding().apply(steps);
                checks.add(new CaseResult.CheckOutcome(check.what(), check.section(), check.requirements(),
                        finding.isPresent() ? levelOf(check.requirements()) : Verdict.PASS, finding.orElse("")));
            }
        }
        for (CaseResult.CheckOutcome o : checks) {
            verdict = verdict.worst(o.verdict());
            if (o.verdict().isFinding() && unexpected.isEmpty() && !expectations.expects(Expectations.checkKey(o.what()), o.verdict())) {
                unexpected = "check '" + o.what() + "': " + o.verdict() + " " + o.finding()
                        + " (§" + o.section() + " " + String.join(" ", o.requirements()) + ")";
            }
        }
        return new CaseResult(c.name(), c.suite(), c.title(), c.test(), steps, inputs.size(), checks,
                verdict, unexpected);
    }

    /** The ACK a target still owed when the case ended must come within 500 ms (MUST-40). */
    private static CaseResult.CheckOutcome lastDelayedAck(SegmentPattern owed, SystemUnderTest target) {
        target.idle(MAX_ACK_DELAY);
        boolean came = target.sent().stream().map(s -> {
            try {
                return PacketCodec.decode(s.packet()).concrete();
            } catch (MalformedPacketException e) {
                return null;
            }
        }).anyMatch(s -> s != null && owed.matches(s));
        return new CaseResult.CheckOutcome("the last delayed ACK comes within 500 ms", "3.8.6.3", List.of("MUST-40"),
                came ? Verdict.PASS : Verdict.FAIL, came ? "" : "missing " + owed.describe() + " after 500 ms");
    }

    /** Whether a step is INCONCLUSIVE because the target's interface cannot take its input. */
    static boolean cannotTake(Step step) {
        return step.verdict() == Verdict.INCONCLUSIVE && step.finding().startsWith(CANNOT_TAKE);
    }

    private boolean expected(Step step) {
        if (cannotTake(step)) {
            return true; // a limitation of the target's interface, declared or with its reason
        }
        return expectations.expects(expectations.keyOf(step), step.verdict());
    }

    /** An INCONCLUSIVE step: the target cannot take the input, for the reason given (§3.9.1, its interface). */
    private static Step cannotTake(int index, Input input, Transition edge, Step.Observed injected, Prediction p,
                                   String reason, long time) {
        return new Step(index, input, edge, injected, List.of(), List.of(), p, null, Verdict.INCONCLUSIVE,
                CANNOT_TAKE + input.label() + ": " + reason, List.of(), List.of(), null, "3.9.1", time);
    }

    private Step step(Case c, int index, Input input, Reference ref, SystemUnderTest target, Learned learned) {
        boolean carriesData = input instanceof SegmentInput si && si.payload();
        SegmentPattern owed = learned.delayedAck;
        if (owed != null && !carriesData) {
            // Anything but more data: the delayed ACK is due before the input (MUST-40).
            target.idle(MAX_ACK_DELAY);
        }
        long time = target.now();
        if (input instanceof Call call && !target.capabilities().calls().contains(call)) {
            return cannotTake(index, input, null, null, null, "it does not support the call", time);
        }
        Case.Decoration deco = c.decorations().get(index);
        Reference before = ref.copy();
        Step.Observed injected = null;
        Prediction p;
        if (input instanceof SegmentInput s) {
            int length = deco != null && deco.fullSized() ? Math.min(learned.targetMss, TESTER_MSS) : Reference.DATA_LENGTH;
            ConcreteSegment concrete = Segments.concretize(ref.tcb(), s, c.peerIss(), length);
            WireSegment wire = decorate(WireSegment.of(concrete, Endpoints.TESTER, Endpoints.TESTER_PORT,
                    Endpoints.TARGET, Endpoints.TARGET_PORT, concrete.syn() ? List.of(TcpOption.mss(TESTER_MSS)) : List.of()), deco);
            byte[] raw = codec.encode(wire);
            injected = new Step.Observed(wire, raw, time, "");
            if (deco != null && deco.badChecksum()) {
                // MUST-3: the receiver checks the checksum; a bad one means the segment never arrived.
                p = new Prediction(ref.state(), s, concrete, List.of(), List.of(), ref.state());
            } else {
                p = ref.apply(concrete);
            }
        } else if (input instanceof Call call) {
            p = ref.apply(call);
        } else {
            p = ref.apply((Timeout) input);
        }
        OptionalLong ackedBefore = SYN_ACKNOWLEDGED.contains(before.state()) ? target.acknowledged() : OptionalLong.empty();
        try {
            if (injected != null) {
                target.inject(injected.raw());
            } else if (input instanceof Call call) {
                target.call(call);
            } else {
                target.expire((Timeout) input);
            }
        } catch (CannotTake e) {
            return cannotTake(index, input, graph.edgeOf(p).orElse(null), injected, p, e.getMessage(), time);
        }
        Transition edge = deco != null && deco.badChecksum() ? null : graph.edgeOf(p).orElse(null);
        Set<String> labels = new LinkedHashSet<>();
        String section = "3.1";
        if (edge != null) {
            labels.addAll(edge.requirements());
            section = edge.section();
        }
        if (deco != null) {
            labels.addAll(deco.requirements());
        }

        Findings findings = new Findings();
        if (!p.input().equals(input)) {
            findings.add("the tester could not realise " + input.label() + " (it became " + p.input().label() + ")");
        }
        List<SegmentPattern> patterns = new ArrayList<>();
        if (owed != null) {
            // Owed from an earlier step: due now, or covered by this step's cumulative ACK.
            learned.delayedAck = new SegmentPattern(Emit.ACK, owed.seq(), owed.ack(), false, "3.8.6.3 MUST-40");
            patterns.add(learned.delayedAck);
        }
        patterns.addAll(p.segments());
        boolean mayDelayAck = c.tuning().delayedAck() && carriesData;
        List<Step.Observed> observed = judgeSegments(p, patterns, input, before, target.sent(), findings, ref,
                learned, mayDelayAck, !target.capabilities().virtualTime());
        List<Signal> signals = target.signals();
        judgeSignals(p, signals, findings);
        if (target.capabilities().dataVisible()) {
            judgeData(target.octetsRead(), observed, before, ref, learned, findings);
        }
        TcpState state = null;
        if (target.capabilities().stateVisible()) {
            state = target.state().orElse(null);
            if (state != null && state != p.to()) {
                findings.add("the target is in " + state + ", the model in " + p.to());
            }
        }
        if (ackedBefore.isPresent() && SYN_ACKNOWLEDGED.contains(p.to()) && (state == null || state == p.to())) {
            judgeAcknowledged(ackedBefore.getAsLong(), target.acknowledged(), before, ref, findings);
        }
        List<String> violated = findings.isEmpty() ? List.of() : findings.against(labels);
        labels.addAll(findings.exercised);
        Verdict verdict;
        String finding;
        if (findings.isEmpty()) {
            List<String> mays = labels.stream().filter(l -> l.startsWith("MAY-")).toList();
            verdict = mays.isEmpty() ? Verdict.PASS : Verdict.NOTE;
            finding = mays.isEmpty() ? "" : mays.stream().map(l -> l + " (" + catalogue.get(l).summary() + ")")
                    .reduce((a, b) -> a + ", " + b).orElse("") + ": " + observedChoice(p, observed);
        } else {
            verdict = levelOf(violated);
            finding = String.join("; ", findings.texts);
        }
        return new Step(index, input, edge, injected, observed, signals, p, state, verdict, finding,
                List.copyOf(labels), violated, findings.listedAs(), section, time);
    }

    /**
     * The octets themselves (§3.10.7.4, seventh step: segment text is delivered to the user in
     * sequence; §3.10.2: what SEND is given is what is sent). What the application read must be
     * what the tester sent at those sequence numbers, counted from the model's IRS; each data
     * segment the target sent must carry its application's octets at that offset of the stream,
     * counted from the model's ISS. A one-octet segment just below SND.UNA is a keep-alive, whose
     * octet is garbage (§3.8.4), and is not judged; nor is text on a RST.
     */
    private static void judgeData(byte[] read, List<Step.Observed> observed, Reference before, Reference model,
                                  Learned learned, Findings findings) {
        if (NOT_YET_SYNCHRONIZED.contains(before.state())) {
            learned.octetsRead = 0; // no connection yet: whatever comes is a new stream
        }
        // A step that ends the connection leaves the model's TCB deleted: its numbers are those before.
        Tcb tcb = NO_TCB.contains(model.state()) ? before.tcb() : model.tcb();
        for (int j = 0; j < read.length; j++) {
            long offset = learned.octetsRead + j;
            byte sent = StreamData.tester(tcb.irs() + 1 + offset);
            if (read[j] != sent) {
                findings.add("the application read " + octet(read[j]) + " as octet " + offset + " of the stream, where"
                        + " the tester sent " + octet(sent) + " (§3.10.7.4, seventh step: text is delivered in sequence)");
                break;
            }
        }
        learned.octetsRead += read.length;
        for (Step.Observed o : observed) {
            WireSegment w = o.segment();
            if (w == null || w.payload().length == 0 || w.rst() || !w.checksumValid()
                    || (w.payload().length == 1 && Seq.add(w.seq(), 1) == before.tcb().sndUna())) {
                continue;
            }
            long first = Seq.distance(Seq.add(tcb.iss(), 1), Seq.add(w.seq(), w.syn() ? 1 : 0));
            for (int i = 0; i < w.payload().length; i++) {
                byte written = StreamData.application(first + i);
                if (first + i < 1L << 31 && w.payload()[i] != written) { // above: before the stream's start
                    findings.add("the target sent " + octet(w.payload()[i]) + " as octet " + (first + i) + " of its"
                            + " stream, where its application wrote " + octet(written) + " (§3.10.2, §3.4)");
                    return;
                }
            }
        }
    }

    private static final Set<TcpState> NOT_YET_SYNCHRONIZED = EnumSet.of(TcpState.CLOSED, TcpState.LISTEN,
            TcpState.SYN_SENT);
    private static final Set<TcpState> NO_TCB = EnumSet.of(TcpState.CLOSED, TcpState.LISTEN);

    private static String octet(byte b) {
        return b >= 0x21 && b < 0x7F ? "'" + (char) b + "'" : String.format(Locale.ROOT, "0x%02x", b & 0xFF);
    }

    /** The states in which the SYN has been acknowledged and the connection still has send sequence space. */
    private static final Set<TcpState> SYN_ACKNOWLEDGED = EnumSet.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
            TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK);

    /**
     * SND.UNA moves as the model's does: a target that takes the ACK field of a segment the RFC
     * drops as unacceptable (§3.10.7.4, first step: "drop the unacceptable segment and return"),
     * or ignores one it must take (fifth step: "set SND.UNA <- SEG.ACK"), shows it here, even
     * when nothing it sends in the step differs.
     */
    private static void judgeAcknowledged(long before, OptionalLong after, Reference modelBefore, Reference model,
                                          Findings findings) {
        if (after.isEmpty()) {
            return;
        }
        long target = (after.getAsLong() - before) & 0xFFFF_FFFFL; // a counter or a sequence number
        long expected = Seq.distance(modelBefore.tcb().sndUna(), model.tcb().sndUna());
        if (target != expected) {
            findings.add("the target's SND.UNA advanced by " + target + ", the model's by " + expected
                    + (expected == 0 ? " (the model dropped the segment's ACK field, §3.10.7.4)" : " (§3.10.7.4, fifth step)"));
        }
    }

    /**
     * Matches what the target sent against the patterns; learns the target's ISN and MSS, which
     * optional data it held back (Nagle, §3.7.4), and, if {@code mayDelayAck}, which required ACK
     * it delayed (§3.8.6.3).
     */
    private List<Step.Observed> judgeSegments(Prediction p, List<SegmentPattern> patterns, Input input,
                                              Reference before, List<Sent> sent, Findings findings,
                                              Reference ref, Learned learned,
                                              boolean mayDelayAck, boolean realTime) {
        SegmentPattern owed = learned.delayedAck;
        learned.delayedAck = null;
        // Before a user timeout the target retransmits what is outstanding, as often as it likes;
        // on real time its retransmission timer may expire on its own during any step (§3.10.8).
        List<SegmentPattern> repeatable = new ArrayList<>();
        if ((input == Timeout.USER || realTime) && before.canTake(Timeout.RETRANSMISSION)) {
            repeatable.addAll(before.copy().apply(Timeout.RETRANSMISSION).segments());
        }
        if (realTime && ref.canTake(Timeout.RETRANSMISSION)) {
            repeatable.addAll(ref.copy().apply(Timeout.RETRANSMISSION).segments());
        }
        // So may its persist timer, while it holds data for a zero window (§3.8.6.1).
        boolean persisting = realTime && (before.canTake(Timeout.PERSIST) || ref.canTake(Timeout.PERSIST));
        if (realTime && before.canTake(Timeout.PERSIST)) {
            repeatable.addAll(before.copy().apply(Timeout.PERSIST).segments());
        }
        if (realTime && ref.canTake(Timeout.PERSIST)) {
            repeatable.addAll(ref.copy().apply(Timeout.PERSIST).segments());
        }
        boolean[] used = new boolean[patterns.size()];
        List<Step.Observed> observed = new ArrayList<>(sent.size());
        for (Sent s : sent) {
            WireSegment w;
            try {
                w = PacketCodec.decode(s.packet());
            } catch (MalformedPacketException e) {
                observed.add(new Step.Observed(null, s.packet(), s.time(), "malformed: " + e.getMessage()));
                findings.add("the target sent a malformed packet: " + e.getMessage());
                continue;
            }
            findings.exercise("MUST-2", "MUST-45");
            String wrong = addressing(w);
            if (!wrong.isEmpty()) {
                observed.add(new Step.Observed(w, s.packet(), s.time(), wrong));
                findings.add(wrong, List.of(wrong.contains("checksum") ? "MUST-2" : "MUST-45"));
                continue;
            }
            ConcreteSegment cs = w.concrete();
            if (w.syn()) {
                w.option(TcpOption.MSS).filter(TcpOption::wellFormed)
                        .ifPresent(o -> learned.targetMss = (int) o.value());
            }
            String note = null;
            for (int k = 0; k < patterns.size() && note == null; k++) {
                if (!used[k] && patterns.get(k).matches(cs)) {
                    used[k] = true;
                    note = patterns.get(k).describe() + " (§" + patterns.get(k).why() + ")";
                    adoptIss(patterns.get(k), cs, ref);
                }
            }
            for (int k = 0; k < repeatable.size() && note == null; k++) {
                if (repeatable.get(k).matches(cs)) {
                    note = input == Timeout.USER ? "retransmission before the user timeout (§3.10.8)"
                            : "retransmission: the target's timer expired on its own (§3.10.8)";
                }
            }
            if (note == null && realTime && (resendsOutstanding(cs, before.tcb()) || resendsOutstanding(cs, ref.tcb()))) {
                note = "a retransmission of outstanding data: the target's timer expired on its own (§3.10.8)";
            }
            if (note == null && aheadOfQueuedData(cs, patterns)) {
                note = "the acknowledgment, sent before the queued data rather than on it (§3.10.7.3)";
            }
            if (note == null && persisting && (probeWithoutData(cs, before.tcb()) || probeWithoutData(cs, ref.tcb()))) {
                // The timer's doing, not the input's: judged as the step timeout:persist would judge
                // it, and listed under that step's key, in the state where the timer ran.
                note = "a zero-window probe without data (§3.8.6.1 MUST-36)";
                TcpState timerRan = before.canTake(Timeout.PERSIST) ? before.state() : ref.state();
                findings.addListed("its persist timer expired on its own and sent a probe without data: "
                        + cs.tcpdump() + ", where §3.8.6.1 sends an octet of new data or retransmits",
                        List.of("MUST-36"), timerRan + " " + Timeout.PERSIST.label());
            }
            if (note == null) {
                for (int k = 0; k < patterns.size() && note == null; k++) {
                    if (!used[k] && patterns.get(k).kind() == Emit.ACK
                            && (atWindowEdge(cs, patterns.get(k), before.tcb()) || atWindowEdge(cs, patterns.get(k), ref.tcb()))) {
                        // The same ACK, numbered where the tester's window ends rather than SND.NXT:
                        // whatever the input, listed under its own key for the state.
                        used[k] = true;
                        note = "the ACK numbered SND.UNA+SND.WND, where the tester's window ends, not SND.NXT (§3.10.7.4)";
                        findings.addListed("an ACK numbered SND.UNA+SND.WND, " + cs.tcpdump() + ", where the tester's window"
                                + " ends before SND.NXT; §3.10.7.4 forms it <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: "
                                + patterns.get(k).describe(), List.of(), before.state() + " " + ACK_AT_WINDOW_EDGE);
                    }
                }
            }
            if (note == null) {
                note = "not allowed here";
                findings.add("unexpected " + cs.tcpdump() + " (the model allows " + describe(p) + ")");
            } else if (cs.length() > 0) {
                findings.exercise("MUST-16");
                String size = sizeFinding(cs, before.tcb(), ref.tcb());
                if (!size.isEmpty()) {
                    note = size;
                    findings.add(size + ": " + cs.tcpdump(), cs.length() > TESTER_MSS ? List.of("MUST-16") : List.of());
                }
            }
            observed.add(new Step.Observed(w, s.packet(), s.time(), note));
        }
        for (int k = 0; k < patterns.size(); k++) {
            SegmentPattern pattern = patterns.get(k);
            if (!used[k] && !pattern.optional() && pattern.kind() == Emit.ACK && piggybacked(pattern, observed)) {
                used[k] = true; // the acknowledgment rode on a data or FIN segment (§3.10.7.4, seventh step)
            }
            if (!used[k] && pattern.kind() == Emit.DATA && carriedByFin(pattern, observed)) {
                used[k] = true; // the data rode on the FIN's segment (§3.10.4)
            }
            if (!used[k] && pattern.optional() && pattern.kind() == Emit.DATA && pattern.seq().isPresent()) {
                ref.holdBack(pattern.seq().getAsLong()); // Nagle held it: it waits in the send queue
            }
            if (used[k] || pattern.optional()) {
                continue;
            }
            if (pattern == owed && covered(pattern, observed)) {
                continue; // a later ACK acknowledged it too: ACKs are cumulative
            }
            if (mayDelayAck && pattern.kind() == Emit.ACK && !covered(pattern, observed)) {
                // It may come later, within 500 ms (§3.8.6.3); a later ACK owed covers an earlier one.
                learned.delayedAck = pattern;
            } else {
                findings.add("missing " + pattern.describe() + " (§" + pattern.why() + ")",
                        Arrays.stream(pattern.why().split(" ")).filter(w -> catalogue.find(w).isPresent()).toList());
            }
        }
        return observed;
    }

    /**
     * What is wrong with the amount of data a segment the model allows carries, or "": the patterns
     * pin where data starts, this bounds how far it goes. A segment carries at most the MSS the
     * tester announced (§3.7.1, MUST-16); only octets the application gave the target, none beyond
     * them (§3.10.2); and only octets inside the window the tester offered, one octet beyond a zero
     * window to probe it (§3.8.6, §3.8.6.1), unless they were sent before the window shrank (§3.8.6,
     * MAY-7). {@code before} and {@code stepEnd} are the reference around the step.
     */
    private static String sizeFinding(ConcreteSegment cs, Tcb before, Tcb stepEnd) {
        // A step that ends the connection (a user timeout, a RST) leaves nothing to measure by.
        Tcb after = stepEnd.state() == TcpState.CLOSED || stepEnd.state() == TcpState.LISTEN ? before : stepEnd;
        if (cs.length() > TESTER_MSS) {
            return cs.length() + " octets, more than the MSS of " + TESTER_MSS + " the tester announced (§3.7.1 MUST-16)";
        }
        long end = Seq.add(cs.seq(), cs.length());
        long given = Seq.add(dataSent(after), after.sendQueued());
        if (Seq.gt(end, given)) {
            return "data up to " + end + ", beyond the " + Seq.distance(Seq.add(after.iss(), 1), given)
                    + " octets its application gave it (§3.10.2)";
        }
        long rightEdge = Seq.add(after.sndUna(), Math.max(after.sndWnd(), 1));
        if (Seq.gt(end, rightEdge) && Seq.gt(end, dataSent(before))) {
            return "new data up to " + end + ", beyond the window the tester offered, which ends at " + rightEdge
                    + " (§3.8.6)";
        }
        return "";
    }

    /**
     * Whether a segment resends data already sent and not yet acknowledged, all of it inside
     * [SND.UNA, SND.NXT), with the FIN if it was sent after that data, and the current
     * acknowledgment: what a retransmission timer or a tail loss probe (RFC 8985) sends of the
     * outstanding data, in whatever pieces the target chooses.
     */
    private static boolean resendsOutstanding(ConcreteSegment cs, Tcb t) {
        long end = Seq.add(cs.seq(), cs.length());
        boolean finAsSent = !cs.fin() || (t.finSent() && end == dataSent(t)); // the FIN, if any, where it was
        return cs.ack() && !cs.syn() && !cs.rst() && cs.length() > 0 && finAsSent
                && Seq.ge(cs.seq(), t.sndUna()) && Seq.le(end, dataSent(t)) && cs.ackNo() == t.rcvNxt();
    }

    /** The key, after the state, of an ACK numbered at the right edge of the tester's window. */
    private static final String ACK_AT_WINDOW_EDGE = "ack numbered SND.UNA+SND.WND";

    /**
     * Whether a pure ACK is the one the pattern wants but for its sequence number, SND.UNA+SND.WND
     * where that lies before SND.NXT: the window the tester offered ends before the data sent.
     */
    private static boolean atWindowEdge(ConcreteSegment cs, SegmentPattern ack, Tcb t) {
        long edge = Seq.add(t.sndUna(), t.sndWnd());
        if (cs.seq() != edge || !Seq.lt(edge, t.sndNxt()) || ack.seq().isEmpty() || ack.seq().getAsLong() != t.sndNxt()) {
            return false;
        }
        return ack.matches(new ConcreteSegment(cs.syn(), cs.ack(), cs.fin(), cs.rst(), t.sndNxt(), cs.ackNo(), cs.window(),
                cs.length()));
    }

    /**
     * Whether a segment is a zero-window probe in the form of a keep-alive: an ACK without data at
     * SND.UNA-1, which only draws an acknowledgment with the window (Linux's tcp_xmit_probe_skb).
     */
    private static boolean probeWithoutData(ConcreteSegment cs, Tcb t) {
        return cs.ack() && !cs.syn() && !cs.fin() && !cs.rst() && cs.length() == 0
                && cs.seq() == Seq.add(t.sndUna(), -1);
    }

    /** Where the data the reference has sent ends: SND.NXT, less the FIN once that is sent. */
    private static long dataSent(Tcb t) {
        return t.finSent() ? Seq.add(t.sndNxt(), -1) : t.sndNxt();
    }

    /** Whether the target sent an ACK that acknowledges at least as much as the pattern's: ACKs are cumulative. */
    private static boolean covered(SegmentPattern ack, List<Step.Observed> observed) {
        if (ack.ack().isEmpty()) {
            return false;
        }
        for (Step.Observed o : observed) {
            WireSegment w = o.segment();
            if (w != null && w.ack() && !w.rst() && w.checksumValid()
                    && Seq.le(ack.ack().getAsLong(), w.ackNo())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a pure ACK went out ahead of the queued data the model sends in the same step, with
     * the acknowledgment the model puts on or after that data. The RFC forms the ACK and says
     * "data or controls that were queued for transmission MAY be included" (§3.10.7.3): the data
     * may follow in segments of its own, as it does when an application writes it only once the
     * connection is established.
     */
    private static boolean aheadOfQueuedData(ConcreteSegment cs, List<SegmentPattern> patterns) {
        if (!cs.ack() || cs.syn() || cs.fin() || cs.rst() || cs.length() > 0) {
            return false;
        }
        boolean dataHere = patterns.stream().anyMatch(p -> (p.kind() == Emit.DATA || p.kind() == Emit.FIN)
                && p.seq().isPresent() && p.seq().getAsLong() == cs.seq());
        return dataHere && patterns.stream().anyMatch(p -> p.kind() == Emit.ACK && p.ack().isPresent()
                && p.ack().getAsLong() == cs.ackNo());
    }

    /** Whether a data or FIN segment the target sent carries the acknowledgment a pure ACK would. */
    private static boolean piggybacked(SegmentPattern ack, List<Step.Observed> observed) {
        for (Step.Observed o : observed) {
            WireSegment w = o.segment();
            if (w != null && w.ack() && !w.rst() && !w.syn() && (w.fin() || w.payload().length > 0)
                    && ack.ack().isPresent() && w.ackNo() == ack.ack().getAsLong()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a FIN segment the target sent begins with the data the pattern predicts. */
    private static boolean carriedByFin(SegmentPattern data, List<Step.Observed> observed) {
        for (Step.Observed o : observed) {
            WireSegment w = o.segment();
            if (w != null && w.fin() && !w.syn() && !w.rst() && w.payload().length > 0 && w.checksumValid()
                    && data.seq().isPresent() && w.seq() == data.seq().getAsLong()) {
                return true;
            }
        }
        return false;
    }

    /** The first SYN of a connection leaves the ISN free (§3.4.1); what the target chose pins the rest. */
    private static void adoptIss(SegmentPattern pattern, ConcreteSegment s, Reference ref) {
        if ((pattern.kind() == Emit.SYN || pattern.kind() == Emit.SYN_ACK) && pattern.seq().isEmpty()
                && (ref.state() == TcpState.SYN_SENT || ref.state() == TcpState.SYN_RECEIVED)
                && ref.tcb().sndUna() == ref.tcb().iss()) {
            ref.adoptIss(s.seq());
        }
    }

    /** What is wrong with where a segment goes or how it is checksummed; empty if nothing. */
    private static String addressing(WireSegment w) {
        if (w.src() != Endpoints.TARGET || w.dst() != Endpoints.TESTER
                || w.srcPort() != Endpoints.TARGET_PORT || w.dstPort() != Endpoints.TESTER_PORT) {
            return "a segment for another connection: " + w.tcpdump();
        }
        if (!w.checksumValid()) {
            return "a segment with a bad checksum: " + w.tcpdump();
        }
        return "";
    }

    private static void judgeSignals(Prediction p, List<Signal> signals, Findings findings) {
        if (signals.isEmpty() && p.notifications().isEmpty()) {
            return;
        }
        List<String> predicted = p.notifications().stream().filter(JUDGED::contains).map(Enum::name).sorted().toList();
        List<String> told = signals.stream().map(Enum::name).sorted().toList();
        if (!predicted.equals(told)) {
            findings.add("the application was told " + (told.isEmpty() ? "nothing" : told)
                    + ", the model says " + (predicted.isEmpty() ? "nothing" : predicted));
        }
    }

    /**
     * What differs from the model in one step, and the requirement labels each difference bears on:
     * a missing segment the requirement its pattern cites, a bad checksum MUST-2, and so on. A
     * difference that names no requirement (an unexpected segment, a wrong state) bears on the
     * transition as a whole, so on every label of it.
     */
    private static final class Findings {
        private final List<String> texts = new ArrayList<>();
        private final Set<String> blamed = new LinkedHashSet<>();
        /** Labels checked on every segment of the step, found broken or not. */
        private final Set<String> exercised = new LinkedHashSet<>();
        private boolean whole;
        /** The key of findings listed under their own key, and whether any other finding was made. */
        private String listedKey;
        private boolean notListed;

        void exercise(String... labels) {
            exercised.addAll(List.of(labels));
        }

        void add(String text) {
            add(text, List.of());
        }

        void add(String text, List<String> labels) {
            notListed = true;
            record(text, labels, labels.isEmpty());
        }

        /**
         * A finding of something the target does whatever the step's input (a timer of its own
         * that expired, a way of numbering its ACKs), listed under {@code key}; it holds against
         * its labels only, and with none makes the step a FAIL.
         */
        void addListed(String text, List<String> labels, String key) {
            notListed |= listedKey != null && !listedKey.equals(key); // two keys: no one of them lists the step
            listedKey = key;
            record(text, labels, false);
        }

        /** The key the step is listed under when only such findings were made, or null. */
        String listedAs() {
            return notListed ? null : listedKey;
        }

        private void record(String text, List<String> labels, boolean onTheWholeTransition) {
            texts.add(text);
            blamed.addAll(labels);
            exercised.addAll(labels);
            whole |= onTheWholeTransition;
        }

        boolean isEmpty() {
            return texts.isEmpty();
        }

        /** The labels the step's verdict holds against, given those of its transition. */
        List<String> against(Set<String> transition) {
            Set<String> held = new LinkedHashSet<>(blamed);
            if (whole) {
                held.addAll(transition);
            }
            return List.copyOf(held);
        }
    }

    private Verdict levelOf(Iterable<String> labels) {
        Verdict v = null;
        for (String l : labels) {
            Requirement.Level level = catalogue.get(l).level();
            if (level == Requirement.Level.MUST) {
                return Verdict.FAIL;
            }
            if (level != Requirement.Level.MAY) {
                v = Verdict.DEVIATION;
            }
        }
        // Only MAYs, or no label: the target left the RFC's event processing of the section.
        return v == null ? Verdict.FAIL : v;
    }

    /** The prediction in words: segments (with {@code ?} for optional ones), then notifications. */
    static String describe(Prediction p) {
        List<String> parts = new ArrayList<>();
        p.segments().forEach(s -> parts.add(s.describe()));
        p.notifications().forEach(n -> parts.add(n.label()));
        return (parts.isEmpty() ? "nothing" : String.join(", ", parts)) + " -> " + p.to();
    }

    private static String observedChoice(Prediction p, List<Step.Observed> observed) {
        List<SegmentPattern> optional = p.segments().stream().filter(SegmentPattern::optional).toList();
        if (optional.isEmpty()) {
            return "exercised";
        }
        List<String> taken = new ArrayList<>();
        for (SegmentPattern o : optional) {
            boolean sent = observed.stream().anyMatch(ob -> ob.segment() != null && o.matches(ob.segment().concrete()));
            taken.add((sent ? "sent " : "did not send ") + o.describe());
        }
        return String.join(", ", taken);
    }

    private static WireSegment decorate(WireSegment w, Case.Decoration d) {
        if (d == null) {
            return w;
        }
        WireSegment out = new WireSegment(w.src(), w.srcPort(), w.dst(), w.dstPort(), w.seq(), w.ackNo(), w.flags(),
                w.window(), 0, d.options(), w.payload(), true);
        if (d.urgentPointer() > 0) {
            out = out.withFlags(out.flags() | WireSegment.URG, d.urgentPointer());
        }
        return d.badChecksum() ? out.withBadChecksum() : out;
    }
}
