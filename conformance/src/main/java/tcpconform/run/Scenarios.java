package tcpconform.run;

import static tcpconform.model.SegmentInput.AckClass.ANY;
import static tcpconform.model.SegmentInput.AckClass.EXACT;
import static tcpconform.model.SegmentInput.AckClass.NONE;
import static tcpconform.model.SegmentInput.AckClass.OLD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import tcpconform.codec.TcpOption;
import tcpconform.codec.WireSegment;
import tcpconform.model.Call;
import tcpconform.model.Input;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.SegmentInput.Window;
import tcpconform.model.Timeout;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.path.TestCase;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Prediction;
import tcpconform.model.reference.Reference;
import tcpconform.model.reference.Seq;
import tcpconform.sut.SystemUnderTest.Tuning;

/**
 * The scenario suite: one named case per classic behaviour (design.md, "Behaviours every target
 * is exercised on"), each citing its RFC section. The inputs are the model's; what the model's
 * steps cannot see (timing, options, checksums, urgent data) is added as decorations and checks.
 */
public final class Scenarios {

    private final Profile profile;
    private final StateGraph graph;
    private final SplittableRandom random;
    private final List<Case> cases = new ArrayList<>();

    private Scenarios(Profile profile, long seed) {
        this.profile = profile;
        this.graph = StateGraph.of(profile);
        this.random = new SplittableRandom(seed);
    }

    /** Every scenario the profile supports. */
    public static List<Case> all(Profile profile, long seed) {
        Scenarios s = new Scenarios(profile, seed);
        s.define();
        return List.copyOf(s.cases);
    }

    // ------------------------------------------------------------------------- the scenarios

    private void define() {
        Input[] passiveOpen = {Call.LISTEN, seg(Kind.SYN, SeqClass.ANY, NONE), ack()};
        Input[] activeOpen = {Call.CONNECT, seg(Kind.SYN_ACK, SeqClass.ANY, EXACT)};

        scenario("handshake-passive", "Three-way handshake, passive: the SYN and its ACK each take one sequence number",
                "3.5", passiveOpen);
        scenario("handshake-active", "Three-way handshake, active: the target's SYN, the peer's SYN,ACK, the target's ACK",
                "3.5", activeOpen);
        scenario("simultaneous-open", "Simultaneous open: SYNs cross, each side answers with SYN,ACK (MUST-10)",
                "3.5", Call.CONNECT, seg(Kind.SYN, SeqClass.ANY, NONE), ack());
        scenario("close-four-way-active", "Four-way close, the target first: FIN, ACK, FIN, ACK, then TIME-WAIT",
                "3.6", concat(passiveOpen, Call.SHUTDOWN, ack(), fin(), Timeout.TIME_WAIT));
        scenario("close-four-way-passive", "Four-way close, the peer first: CLOSE-WAIT, then LAST-ACK",
                "3.6", concat(passiveOpen, fin(), Call.RECEIVE, Call.SHUTDOWN, ack()));
        scenario("close-three-way", "Three-way close: the peer's FIN and its ACK of ours in one segment",
                "3.6", concat(passiveOpen, Call.SHUTDOWN, fin(), Timeout.TIME_WAIT));
        scenario("close-simultaneous", "Simultaneous close: FINs cross, both sides pass through CLOSING",
                "3.6", concat(passiveOpen, Call.SHUTDOWN, seg(Kind.FIN_ACK, SeqClass.EXACT, OLD), ack(),
                        Timeout.TIME_WAIT));
        scenario("half-close-target", "Half-close: the target shuts down and still receives data",
                "3.6.1", concat(passiveOpen, Call.SHUTDOWN, ack(), data(), Call.RECEIVE, data(), fin(), Call.RECEIVE));
        scenario("half-close-peer", "Half-close: the peer shuts down, read returns 0, data still flows the other way",
                "3.6.1", concat(passiveOpen, fin(), Call.RECEIVE, Call.SEND, ack(), Call.SHUTDOWN, ack()));
        scenario("half-open-discovery", "Half-open connection discovery: the peer lost its state and answers with RST",
                "3.5.2", concat(passiveOpen, Call.SEND, seg(Kind.RST, SeqClass.EXACT, NONE)));
        scenario("rst-closed-port-syn", "RST for a closed port: a SYN gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>",
                "3.5.2", seg(Kind.SYN, SeqClass.ANY, NONE));
        scenario("rst-closed-port-ack", "RST for a closed port: an ACK gets <SEQ=SEG.ACK><CTL=RST>",
                "3.5.2", seg(Kind.ACK, SeqClass.ANY, ANY));
        scenario("rst-closed-port-rst", "A RST for a closed port gets nothing", "3.5.2",
                seg(Kind.RST_ACK, SeqClass.ANY, ANY));
        scenario("abort", "ABORT: a RST, and the data queued behind a closed window is dropped",
                "3.10.5", concat(passiveOpen, zeroWindow(), Call.SEND, Call.ABORT));
        rstInEveryState(passiveOpen, activeOpen);
        synBackoff();
        timeWait(passiveOpen);
        zeroWindow(passiveOpen);
        if (profile.keepAlive()) {
            keepAlive(passiveOpen);
        }
        scenario("wrap-around", "Sequence numbers wrap past 2^32 - 1 (MUST-1, REC-1)", "3.4",
                0xFFFF_FFF0L, concat(passiveOpen, data(), data(), data(), Call.RECEIVE, fin()));
        scenario("out-of-window", "Segments beyond the window and old duplicates are answered with an ACK",
                "3.10.7.4", concat(passiveOpen, seg(Kind.ACK, SeqClass.BEYOND, EXACT),
                        data(), dataAt(SeqClass.OLD), dataAt(SeqClass.BEYOND)));
        scenario("out-of-order", "Out-of-order data is held (SHLD-31) and delivered when the gap fills",
                "3.10.7.4", concat(passiveOpen, dataAt(SeqClass.IN_WINDOW), data(), Call.RECEIVE));
        retransmission(passiveOpen);
        delayedAck(passiveOpen);
        nagle(passiveOpen);
        options(passiveOpen);
        checksum(passiveOpen);
        urgent(passiveOpen);
        bulk(passiveOpen);
    }

    private void rstInEveryState(Input[] passiveOpen, Input[] activeOpen) {
        Input rst = seg(Kind.RST, SeqClass.EXACT, NONE);
        scenario("rst-syn-sent", "RST in SYN-SENT: acceptable with the ACK of our SYN; the connect is refused",
                "3.10.7.3", Call.CONNECT, seg(Kind.RST_ACK, SeqClass.ANY, EXACT));
        scenario("rst-syn-sent-unacceptable", "RST in SYN-SENT without an acceptable ACK is dropped",
                "3.10.7.3", Call.CONNECT, seg(Kind.RST_ACK, SeqClass.ANY, AckClass.UNSENT), Call.ABORT);
        scenario("rst-syn-received", "RST in SYN-RECEIVED, opened passively: back to LISTEN",
                "3.10.7.4", Call.LISTEN, seg(Kind.SYN, SeqClass.ANY, NONE), rst, seg(Kind.SYN, SeqClass.ANY, NONE));
        scenario("rst-established", "RST in ESTABLISHED: the connection is reset (MUST-12)",
                "3.10.7.4", concat(passiveOpen, rst));
        scenario("rst-established-in-window", profile.challengeAcks()
                        ? "A RST in the window but not at RCV.NXT gets a challenge ACK (RFC 5961 §3)"
                        : "A RST anywhere in the window resets the connection",
                "3.10.7.4", concat(passiveOpen, seg(Kind.RST, SeqClass.IN_WINDOW, NONE)));
        scenario("rst-established-out-of-window", "A RST outside the window is dropped silently (MUST-66)",
                "3.10.7.4", concat(passiveOpen, seg(Kind.RST, SeqClass.BEYOND, NONE), seg(Kind.RST, SeqClass.OLD, NONE)));
        scenario("rst-fin-wait-1", "RST in FIN-WAIT-1", "3.10.7.4", concat(passiveOpen, Call.SHUTDOWN, rst));
        scenario("rst-fin-wait-2", "RST in FIN-WAIT-2", "3.10.7.4", concat(passiveOpen, Call.SHUTDOWN, ack(), rst));
        scenario("rst-close-wait", "RST in CLOSE-WAIT", "3.10.7.4", concat(passiveOpen, fin(), rst));
        scenario("rst-closing", "RST in CLOSING", "3.10.7.4",
                concat(passiveOpen, Call.SHUTDOWN, seg(Kind.FIN_ACK, SeqClass.EXACT, OLD), rst));
        scenario("rst-last-ack", "RST in LAST-ACK", "3.10.7.4", concat(passiveOpen, fin(), Call.SHUTDOWN, rst));
        scenario("rst-time-wait", "RST in TIME-WAIT", "3.10.7.4", concat(passiveOpen, Call.SHUTDOWN, fin(), rst));
        scenario("syn-in-established", profile.challengeAcks()
                        ? "A SYN in ESTABLISHED gets a challenge ACK (RFC 5961 §4)"
                        : "A SYN in the window of ESTABLISHED resets the connection",
                "3.10.7.4", concat(passiveOpen, seg(Kind.SYN, SeqClass.EXACT, NONE)));
    }

    private void synBackoff() {
        Case.Check backoff = new Case.Check("3.8.1", List.of("MUST-19", "MUST-22"),
                "SYN retransmissions back off exponentially", steps -> {
                    List<Long> times = sentTimes(steps, w -> w.syn() && !w.ack());
                    for (int i = 2; i < times.size(); i++) {
                        long before = times.get(i - 1) - times.get(i - 2);
                        long now = times.get(i) - times.get(i - 1);
                        if (!doubled(before, now) && now < 60_000) {
                            return Optional.of("interval " + now + " ms after " + before + " ms, SYNs at " + times);
                        }
                    }
                    return times.size() < 3 ? Optional.of("only " + times.size() + " SYNs") : Optional.empty();
                });
        Case.Check patience = new Case.Check("3.8.3", List.of("MUST-23"),
                "a connect gives up no sooner than 3 minutes", steps -> {
                    // The CONNECT after the user timeout happens when the first connect gave up.
                    long gaveUp = endTime(steps.get(steps.size() - 1));
                    long start = steps.get(0).time();
                    return gaveUp - start >= 180_000 ? Optional.empty()
                            : Optional.of("gave up after " + (gaveUp - start) + " ms");
                });
        add("syn-backoff", "SYN retransmission with exponential backoff until the connect fails", "3.8.3",
                Campaign.TOUR_PEER_ISS, Map.of(), List.of(backoff, patience), Call.CONNECT, Timeout.RETRANSMISSION,
                Timeout.RETRANSMISSION, Timeout.RETRANSMISSION, Timeout.USER, Call.CONNECT);
    }

    private void timeWait(Input[] passiveOpen) {
        Case.Check twoMsl = new Case.Check("3.6.1", List.of("MUST-13"),
                "TIME-WAIT lasts 2 MSL after the last FIN", steps -> {
                    long lastFin = -1;
                    long reopened = -1;
                    for (Step s : steps) {
                        if (s.input() instanceof SegmentInput in && in.kind().fin()) {
                            lastFin = s.time();
                        }
                        if (s.input() == Call.CONNECT) {
                            reopened = s.time();
                        }
                    }
                    long waited = reopened - lastFin;
                    return waited >= profile.timeWaitMillis() ? Optional.empty()
                            : Optional.of("TIME-WAIT ended " + waited + " ms after the last FIN");
                });
        add("time-wait", "TIME-WAIT: a retransmitted FIN is acknowledged again, 2 MSL pass, the address is reused",
                "3.6.1", Campaign.TOUR_PEER_ISS, Map.of(), List.of(twoMsl), concat(passiveOpen, Call.SHUTDOWN, ack(), fin(),
                        seg(Kind.FIN_ACK, SeqClass.OLD, EXACT), Timeout.TIME_WAIT, Call.CONNECT));
    }

    private void zeroWindow(Input[] passiveOpen) {
        Case.Check probes = new Case.Check("3.8.6.1", List.of("SHLD-29", "SHLD-30"),
                "zero-window probes back off exponentially", steps -> {
                    List<Long> times = sentTimes(steps, w -> w.payload().length == 1);
                    for (int i = 2; i < times.size(); i++) {
                        long before = times.get(i - 1) - times.get(i - 2);
                        long now = times.get(i) - times.get(i - 1);
                        if (now < before) {
                            return Optional.of("interval " + now + " ms after " + before + " ms, probes at " + times);
                        }
                    }
                    return times.size() < 3 ? Optional.of("only " + times.size() + " probes") : Optional.empty();
                });
        add("zero-window", "Zero window: data waits, probes back off, the window opens and the data flows",
                "3.8.6.1", Campaign.TOUR_PEER_ISS, Map.of(), List.of(probes), concat(passiveOpen, zeroWindow(), Call.SEND,
                        Timeout.PERSIST, zeroWindowAt(), Timeout.RETRANSMISSION, zeroWindowAt(),
                        Timeout.RETRANSMISSION, ack()));
    }

    private void keepAlive(Input[] passiveOpen) {
        Case.Check idle = new Case.Check("3.8.4", List.of("MUST-26", "MUST-28"),
                "the first keep-alive comes after at least two hours idle", steps -> {
                    Step probe = steps.get(steps.size() - 1);
                    long at = probe.observed().isEmpty() ? -1 : probe.observed().get(0).time();
                    long idleSince = steps.get(steps.size() - 2).time();
                    return at - idleSince >= 7_200_000 ? Optional.empty()
                            : Optional.of("probe after " + (at - idleSince) + " ms idle");
                });
        add("keep-alive", "Keep-alive: after two idle hours a probe at SND.NXT-1 without data (SHLD-12)",
                "3.8.4", Campaign.TOUR_PEER_ISS, Map.of(), List.of(idle), concat(passiveOpen, Timeout.KEEPALIVE));
    }

    private void retransmission(Input[] passiveOpen) {
        Case.Check backoff = new Case.Check("3.8.1", List.of("MUST-19"),
                "the retransmission timer backs off exponentially", steps -> {
                    List<Long> times = sentTimes(steps, w -> w.payload().length > 0);
                    if (times.size() < 3) {
                        return Optional.of("only " + times.size() + " transmissions");
                    }
                    long first = times.get(1) - times.get(0);
                    long second = times.get(2) - times.get(1);
                    return doubled(first, second) ? Optional.empty()
                            : Optional.of("RTO " + second + " ms after " + first + " ms");
                });
        add("retransmission", "Retransmission timeout: data is sent again, and the timer doubles (RFC 6298 §5.5)",
                "3.8.1", Campaign.TOUR_PEER_ISS, Map.of(), List.of(backoff), concat(passiveOpen, Call.SEND,
                        Timeout.RETRANSMISSION, Timeout.RETRANSMISSION, ack()));
    }

    private void delayedAck(Input[] passiveOpen) {
        Tuning delaying = new Tuning(true, false);
        Case.Check underHalfASecond = new Case.Check("3.8.6.3", List.of("MUST-40"),
                "every segment of data is acknowledged within 500 ms", steps -> {
                    List<Long> delays = ackDelays(steps);
                    return delays.stream().allMatch(d -> d >= 0 && d < Runner.MAX_ACK_DELAY) ? Optional.empty()
                            : Optional.of("ACK delays " + delays + " ms (-1: never acknowledged)");
                });
        Case.Check delayed = new Case.Check("3.8.6.3", List.of("SHLD-18"),
                "some ACK of a small segment is delayed", steps -> ackDelays(steps).stream().anyMatch(d -> d > 0)
                        ? Optional.empty() : Optional.of("all acknowledged at once: " + ackDelays(steps) + " ms"));
        int firstData = passiveOpen.length;
        // A stream of small segments: an implementation may acknowledge the first few at once
        // (Linux's quick-ACK mode at the start of a connection) and must delay no ACK past 500 ms.
        Input[] stream = new Input[DELAYED_ACK_SEGMENTS + 1];
        Arrays.fill(stream, data());
        stream[DELAYED_ACK_SEGMENTS] = Call.RECEIVE;
        add("delayed-ack", "Delayed ACK: of " + DELAYED_ACK_SEGMENTS + " small segments some are acknowledged later,"
                        + " each within 500 ms", "3.8.6.3",
                Campaign.TOUR_PEER_ISS, Map.of(), List.of(underHalfASecond, delayed), delaying,
                concat(passiveOpen, stream));
        Case.Check everySecond = new Case.Check("3.8.6.3", List.of("SHLD-19"),
                "the second full-sized segment is acknowledged at once", steps -> {
                    Step second = steps.get(firstData + 1);
                    WireSegment in = second.injected().segment();
                    long end = (in.seq() + in.payload().length) & 0xFFFF_FFFFL;
                    return second.observed().stream().anyMatch(o -> o.segment() != null && o.segment().ack()
                            && o.segment().ackNo() == end) ? Optional.empty()
                            : Optional.of("no ACK of " + end + " before the tester sent more");
                });
        add("delayed-ack-full-sized", "Delayed ACK: at least every second full-sized segment is acknowledged",
                "3.8.6.3", Campaign.TOUR_PEER_ISS,
                Map.of(firstData, Case.Decoration.fullSized("SHLD-19"), firstData + 1, Case.Decoration.fullSized("SHLD-19")),
                List.of(underHalfASecond, everySecond), delaying, concat(passiveOpen, data(), data(), Call.RECEIVE));
    }

    /** Enough small segments to use up the quick ACKs Linux gives a new connection (at most 16). */
    private static final int DELAYED_ACK_SEGMENTS = 24;

    private void nagle(Input[] passiveOpen) {
        int second = passiveOpen.length + 1;
        Case.Check holds = new Case.Check("3.7.4", List.of("SHLD-7"),
                "a small segment waits while earlier data is unacknowledged", steps ->
                        steps.get(second).observed().stream().anyMatch(o -> o.segment() != null
                                && o.segment().payload().length > 0)
                                ? Optional.of("the second SEND went out before the first was acknowledged")
                                : Optional.empty());
        add("nagle", "Nagle: the second small SEND waits for the ACK of the first, then goes out", "3.7.4",
                Campaign.TOUR_PEER_ISS, Map.of(), List.of(holds), new Tuning(false, true),
                concat(passiveOpen, Call.SEND, Call.SEND, ack(), ack()));
    }

    /**
     * For each segment of data the tester sent, how long until the target acknowledged all of it,
     * in milliseconds; -1 if it never did.
     */
    private static List<Long> ackDelays(List<Step> steps) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step.Observed in = steps.get(i).injected();
            if (in == null || in.segment() == null || in.segment().payload().length == 0) {
                continue;
            }
            long end = (in.segment().seq() + in.segment().payload().length) & 0xFFFF_FFFFL;
            long delay = -1;
            for (int j = i; j < steps.size() && delay < 0; j++) {
                for (Step.Observed o : steps.get(j).observed()) {
                    if (o.segment() != null && o.segment().ack() && Seq.le(end, o.segment().ackNo())) {
                        delay = o.time() - in.time();
                        break;
                    }
                }
            }
            delays.add(delay);
        }
        return delays;
    }

    private void options(Input[] passiveOpen) {
        Case.Check mssInSyn = new Case.Check("3.7.1", List.of("MUST-14", "SHLD-5"),
                "the SYN,ACK announces an MSS", steps -> sentTimes(steps, w -> w.syn()
                        && w.option(TcpOption.MSS).isPresent()).isEmpty() ? Optional.of("no MSS option on the SYN,ACK")
                        : Optional.empty());
        Case.Check mssOnlyInSyn = new Case.Check("3.2", List.of("MUST-65"),
                "no MSS option outside SYNs", steps -> sentTimes(steps, w -> !w.syn()
                        && w.option(TcpOption.MSS).isPresent()).isEmpty() ? Optional.empty()
                        : Optional.of("an MSS option on a segment without SYN"));
        List<TcpOption> everyOption = List.of(TcpOption.mss(1460), TcpOption.nop(), TcpOption.windowScale(7),
                TcpOption.sackPermitted(), TcpOption.timestamps(1, 0), TcpOption.nop(), TcpOption.eol());
        add("options-syn", "A SYN with every common option, unaligned, ending in EOL, is answered as usual",
                "3.2", Campaign.TOUR_PEER_ISS,
                Map.of(1, decoration(everyOption, "MUST-4", "MUST-5", "MUST-64")),
                List.of(mssInSyn, mssOnlyInSyn), concat(passiveOpen, data()));
        add("options-unknown", "An unknown option is ignored (MUST-6)", "3.1", Campaign.TOUR_PEER_ISS,
                Map.of(3, decoration(List.of(TcpOption.unknown(99, new byte[] {1, 2, 3, 4}), TcpOption.nop(), TcpOption.nop()),
                        "MUST-5", "MUST-6", "MUST-50")),
                List.of(), concat(passiveOpen, data(), Call.RECEIVE));
        add("options-sack-blocks", "A SACK option the target did not ask for is ignored", "3.1",
                Campaign.TOUR_PEER_ISS,
                Map.of(3, decoration(List.of(TcpOption.nop(), TcpOption.nop(), TcpOption.sack(1, 2)), "MUST-5", "MUST-6")),
                List.of(), concat(passiveOpen, data(), Call.RECEIVE));
        add("options-malformed", "An option whose length runs past the header is coped with (MUST-7)", "3.1",
                Campaign.TOUR_PEER_ISS,
                Map.of(3, decoration(List.of(TcpOption.malformed(TcpOption.MSS, 40, new byte[] {5, (byte) 0xB4})), "MUST-7")),
                List.of(), concat(passiveOpen, data(), Call.RECEIVE));
    }

    private void checksum(Input[] passiveOpen) {
        add("checksum", "A segment with a bad checksum is dropped; the same segment intact is taken (MUST-3)",
                "3.1", Campaign.TOUR_PEER_ISS,
                Map.of(3, Case.Decoration.badChecksum("MUST-3")),
                List.of(), concat(passiveOpen, data(), data(), Call.RECEIVE));
    }

    private void urgent(Input[] passiveOpen) {
        add("urgent", "Urgent data: a segment with URG and an urgent pointer is taken and acknowledged (MUST-30)",
                "3.8.5", Campaign.TOUR_PEER_ISS,
                Map.of(3, Case.Decoration.urgent(5, "MUST-30", "MUST-31")),
                List.of(), concat(passiveOpen, data(), Call.RECEIVE));
    }

    /** Full-sized segments, each read at once, until more than a 64 KiB buffer's worth has arrived. */
    private static final int BULK_SEGMENTS = 48;

    /**
     * A stream longer than the target's receive buffer, in full-sized segments each read as it
     * arrives: the octet checks see every octet delivered in sequence (§3.10.7.4, seventh step)
     * across the buffer's wrap.
     */
    private void bulk(Input[] passiveOpen) {
        Input[] stream = new Input[2 * BULK_SEGMENTS];
        Map<Integer, Case.Decoration> fullSized = new HashMap<>();
        for (int i = 0; i < BULK_SEGMENTS; i++) {
            stream[2 * i] = data();
            stream[2 * i + 1] = Call.RECEIVE;
            fullSized.put(passiveOpen.length + 2 * i, Case.Decoration.fullSized(new String[0]));
        }
        add("bulk-receive", "Bulk data: " + BULK_SEGMENTS + " full-sized segments, each read as it arrives, are"
                + " delivered in sequence", "3.10.7.4", Campaign.TOUR_PEER_ISS, fullSized, List.of(),
                concat(passiveOpen, stream));
    }

    // ------------------------------------------------------------------------------ helpers

    private void scenario(String name, String title, String section, Input... inputs) {
        add(name, title, section, Campaign.TOUR_PEER_ISS, Map.of(), List.of(), inputs);
    }

    private void scenario(String name, String title, String section, long peerIss, Input... inputs) {
        add(name, title, section, peerIss, Map.of(), List.of(), inputs);
    }

    private void add(String name, String title, String section, long peerIss, Map<Integer, Case.Decoration> decorations,
                     List<Case.Check> checks, Input... inputs) {
        add(name, title, section, peerIss, decorations, checks, Tuning.MODEL, inputs);
    }

    private void add(String name, String title, String section, long peerIss, Map<Integer, Case.Decoration> decorations,
                     List<Case.Check> checks, Tuning tuning, Input... inputs) {
        TestCase test = build(name, peerIss, inputs);
        cases.add(new Case(Campaign.Suite.SCENARIOS.lower(), title + " (§" + section + ")", test, peerIss,
                random.nextLong(), new HashMap<>(decorations), checks, tuning));
    }

    /** The inputs as a test case, with the edge the model takes for each. */
    private TestCase build(String name, long peerIss, Input... inputs) {
        Reference ref = new Reference(profile, 1000, peerIss);
        List<Transition> edges = new ArrayList<>();
        for (Input in : inputs) {
            if (!ref.canTake(in)) {
                throw new IllegalStateException("scenario " + name + ": " + in.label() + " cannot be applied in " + ref.state());
            }
            Prediction p = ref.apply(in);
            edges.add(graph.edgeOf(p).orElseThrow(() -> new IllegalStateException("scenario " + name + " left the graph: " + p)));
        }
        return new TestCase(name, Arrays.asList(inputs), edges);
    }

    private static Case.Decoration decoration(List<TcpOption> options, String... labels) {
        return Case.Decoration.withOptions(options, labels);
    }

    private static SegmentInput seg(Kind kind, SeqClass seq, AckClass ack) {
        return SegmentInput.of(kind, seq, ack, false);
    }

    private static SegmentInput ack() {
        return seg(Kind.ACK, SeqClass.EXACT, EXACT);
    }

    private static SegmentInput data() {
        return SegmentInput.of(Kind.ACK, SeqClass.EXACT, EXACT, true);
    }

    private static SegmentInput dataAt(SeqClass seq) {
        return SegmentInput.of(Kind.ACK, seq, EXACT, true);
    }

    private static SegmentInput fin() {
        return seg(Kind.FIN_ACK, SeqClass.EXACT, EXACT);
    }

    private static SegmentInput zeroWindow() {
        return new SegmentInput(Kind.ACK, SeqClass.EXACT, EXACT, false, Window.ZERO);
    }

    /**
     * A zero-window ACK that answers a probe: it acknowledges nothing new. The probe's octet is
     * then outstanding, and the model calls the next probe a retransmission of it.
     */
    private static SegmentInput zeroWindowAt() {
        return new SegmentInput(Kind.ACK, SeqClass.EXACT, OLD, false, Window.ZERO);
    }

    private static Input[] concat(Input[] first, Input... rest) {
        Input[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** The times at which the target sent segments of a kind, across the steps. */
    static List<Long> sentTimes(List<Step> steps, java.util.function.Predicate<WireSegment> which) {
        List<Long> times = new ArrayList<>();
        for (Step s : steps) {
            for (Step.Observed o : s.observed()) {
                if (o.segment() != null && which.test(o.segment())) {
                    times.add(o.time());
                }
            }
        }
        return times;
    }

    /**
     * Whether an interval is double the one before, as RFC 6298 §5.5 backs the timer off, within
     * what a wall-clock target allows: Linux's timer wheel may fire a timer up to an eighth late,
     * so each interval may be that much short or long; and each send time is when the harness read
     * the packet, which may be up to {@link #OBSERVATION_SLACK_MS} after the target sent it.
     */
    static boolean doubled(long before, long now) {
        return (now + OBSERVATION_SLACK_MS) * 8 >= (before - OBSERVATION_SLACK_MS) * 14;
    }

    /**
     * How late the harness may read a packet a wall-clock target sent: with 32 cases at once it
     * once saw the kernel's retransmissions 266 ms and then 452 ms apart (a ratio of 1.70, the
     * second interval exactly twice a 226 ms RTO). Virtual-time targets are exact.
     */
    static final long OBSERVATION_SLACK_MS = 20;

    private static long endTime(Step s) {
        return s.observed().stream().mapToLong(Step.Observed::time).max().orElse(s.time());
    }
}
