package tcpconform.model.graph;

import static tcpconform.model.Emit.ACK;
import static tcpconform.model.Emit.DATA;
import static tcpconform.model.Emit.FIN;
import static tcpconform.model.Emit.RST;
import static tcpconform.model.Emit.RST_ACK;
import static tcpconform.model.Emit.SYN;
import static tcpconform.model.Emit.SYN_ACK;
import static tcpconform.model.SegmentInput.AckClass.EXACT;
import static tcpconform.model.SegmentInput.AckClass.OLD;
import static tcpconform.model.SegmentInput.AckClass.PARTIAL;
import static tcpconform.model.SegmentInput.AckClass.UNSENT;
import static tcpconform.model.TcpState.CLOSED;
import static tcpconform.model.TcpState.CLOSE_WAIT;
import static tcpconform.model.TcpState.CLOSING;
import static tcpconform.model.TcpState.ESTABLISHED;
import static tcpconform.model.TcpState.FIN_WAIT_1;
import static tcpconform.model.TcpState.FIN_WAIT_2;
import static tcpconform.model.TcpState.LAST_ACK;
import static tcpconform.model.TcpState.LISTEN;
import static tcpconform.model.TcpState.SYN_RECEIVED;
import static tcpconform.model.TcpState.SYN_SENT;
import static tcpconform.model.TcpState.TIME_WAIT;
import static tcpconform.model.graph.Match.call;
import static tcpconform.model.graph.Match.calls;
import static tcpconform.model.graph.Match.notRst;
import static tcpconform.model.graph.Match.rst;
import static tcpconform.model.graph.Match.segment;
import static tcpconform.model.graph.Match.syn;
import static tcpconform.model.graph.Match.timeout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import tcpconform.model.Call;
import tcpconform.model.Emit;
import tcpconform.model.Input;
import tcpconform.model.Notify;
import tcpconform.model.Response;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.profile.Profile;

/**
 * RFC 9293 §3.10 as one declarative table, in the RFC's order. Each rule names the states it
 * applies in, the inputs it matches, the outcomes (target state and response), the section and
 * the requirement labels. For each state and input the <em>first</em> matching rule applies, just
 * as the RFC's "first check … second check …" steps do. A response lists what must appear;
 * {@code maybe} what may (an ACK that may be delayed, data the window or Nagle may hold).
 *
 * <p>The reference ({@code tcpconform.model.reference.Reference}) is the precise version of the
 * same text; a property test proves that every move it makes is an edge built from this table.
 */
public final class TransitionTable {

    private static final Set<TcpState> SYNCHRONIZED = states(TcpState::isSynchronized);
    private static final Set<TcpState> WITH_RECEIVE_SPACE = states(TcpState::hasReceiveSequenceSpace);
    private static final Set<TcpState> OTHER_THAN_CLOSED = EnumSet.complementOf(EnumSet.of(CLOSED));

    /** A state the edge goes to, and what the system under test shows on the way. */
    record Outcome(TcpState to, Response response, String condition) {
    }

    /**
     * One row of the table. A rule with {@code asItsAck} set has no outcomes of its own: the
     * segment has the outcomes of the bare ACK it carries (at RCV.NXT, without text or FIN), and
     * may in addition bring the outputs of {@code asItsAck}.
     */
    record Rule(Set<TcpState> states, Match when, List<Outcome> outcomes, String section, List<String> requirements,
                boolean additive, Response asItsAck) {
    }

    private final List<Rule> rules = new ArrayList<>();

    private TransitionTable() {
    }

    /** The table for a profile. */
    static List<Rule> rules(Profile p) {
        TransitionTable t = new TransitionTable();
        t.userCalls(p);
        t.segmentArrives(p);
        t.timeouts(p);
        return List.copyOf(t.rules);
    }

    // ------------------------------------------------------------------------ user calls

    private void userCalls(Profile p) {
        // §3.10.1 OPEN
        in(CLOSED).on(call(Call.LISTEN)).go(LISTEN, nothing()).cite("3.10.1", "MUST-42");
        in(CLOSED, LISTEN).on(call(Call.CONNECT)).go(SYN_SENT, emit(SYN)).cite("3.10.1");
        in(OTHER_THAN_CLOSED).on(calls(Call.LISTEN, Call.CONNECT)).stay(tell(Notify.ALREADY_EXISTS)).cite("3.10.1");

        // §3.10.2 SEND
        in(CLOSED).on(call(Call.SEND)).stay(tell(Notify.NO_CONNECTION)).cite("3.10.2");
        in(LISTEN).on(call(Call.SEND)).go(SYN_SENT, emit(SYN)).cite("3.10.2");
        in(SYN_SENT, SYN_RECEIVED).on(call(Call.SEND)).stay(nothing().maybe(Notify.CLOSING)).cite("3.10.2");
        // Sent at once unless the window is closed or Nagle holds it (§3.7.4, SHLD-7).
        in(ESTABLISHED, CLOSE_WAIT).on(call(Call.SEND)).stay(nothing().maybe(DATA)).cite("3.10.2", "SHLD-7");
        in(FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT).on(call(Call.SEND))
                .stay(tell(Notify.CLOSING)).cite("3.10.2");

        // §3.10.3 RECEIVE
        in(CLOSED).on(call(Call.RECEIVE)).stay(tell(Notify.NO_CONNECTION)).cite("3.10.3");
        in(LISTEN, SYN_SENT, SYN_RECEIVED).on(call(Call.RECEIVE)).stay(nothing()).cite("3.10.3");
        Response read = nothing().maybe(Notify.DATA, ACK);
        if (p.halfDuplexClose()) {
            read = read.maybe(Notify.CLOSING);
        }
        in(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2).on(call(Call.RECEIVE)).stay(read).cite("3.10.3");
        // After the peer's FIN: what is on hand, then "connection closing" (read returns 0).
        in(CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT).on(call(Call.RECEIVE))
                .stay(read.maybe(Notify.EOF)).cite("3.10.3");

        // §3.10.4 CLOSE (shutdown, and close that releases the socket)
        Match close = calls(Call.SHUTDOWN, Call.CLOSE);
        in(CLOSED).on(close).stay(tell(Notify.NO_CONNECTION)).cite("3.10.4");
        in(LISTEN, SYN_SENT).on(close).go(CLOSED, nothing()).cite("3.10.4");
        in(SYN_RECEIVED).on(close)
                .go(FIN_WAIT_1, emit(FIN), "no SEND was issued")
                .or(SYN_RECEIVED, nothing(), "data waits: queued until ESTABLISHED")
                .cite("3.10.4");
        if (p.halfDuplexClose()) {
            // §3.6.1: closing with received data unread loses it, and a RST says so (SHLD-3).
            in(ESTABLISHED).on(call(Call.CLOSE))
                    .go(CLOSED, emit(RST), "received data is unread")
                    .or(FIN_WAIT_1, emit(FIN), "nothing unread, no data waits for the window")
                    .or(FIN_WAIT_1, nothing().maybe(DATA), "data waits for the window: the FIN follows it")
                    .cite("3.6.1", "MAY-1", "SHLD-3");
            in(CLOSE_WAIT).on(call(Call.CLOSE))
                    .go(CLOSED, emit(RST), "received data is unread")
                    .or(LAST_ACK, emit(FIN), "nothing unread, no data waits for the window")
                    .or(LAST_ACK, nothing().maybe(DATA), "data waits for the window: the FIN follows it")
                    .cite("3.6.1", "MAY-1", "SHLD-3");
            in(FIN_WAIT_1, FIN_WAIT_2).on(call(Call.CLOSE))
                    .go(CLOSED, emit(RST), "received data is unread")
                    .or(null, nothing().maybe(Notify.CLOSING), "nothing unread")
                    .cite("3.6.1", "MAY-1", "SHLD-3");
            // The peer's FIN does not make data that came before it read.
            in(CLOSING, LAST_ACK).on(call(Call.CLOSE))
                    .go(CLOSED, emit(RST), "received data is unread")
                    .or(null, tell(Notify.CLOSING), "nothing unread")
                    .cite("3.6.1", "MAY-1", "SHLD-3");
        }
        in(ESTABLISHED).on(close)
                .go(FIN_WAIT_1, emit(FIN), "no data waits for the window")
                .or(FIN_WAIT_1, nothing().maybe(DATA), "data waits for the window: the FIN follows it")
                .cite("3.10.4");
        in(FIN_WAIT_1, FIN_WAIT_2).on(close).stay(nothing().maybe(Notify.CLOSING)).cite("3.10.4");
        in(CLOSE_WAIT).on(close)
                .go(LAST_ACK, emit(FIN), "no data waits for the window")
                .or(LAST_ACK, nothing().maybe(DATA), "data waits for the window: the FIN follows it")
                .cite("3.10.4");
        in(CLOSING, LAST_ACK, TIME_WAIT).on(close).stay(tell(Notify.CLOSING)).cite("3.10.4");

        // §3.10.5 ABORT
        in(CLOSED).on(call(Call.ABORT)).stay(tell(Notify.NO_CONNECTION)).cite("3.10.5");
        in(LISTEN, SYN_SENT, CLOSING, LAST_ACK, TIME_WAIT).on(call(Call.ABORT)).go(CLOSED, nothing()).cite("3.10.5");
        in(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT).on(call(Call.ABORT))
                .go(CLOSED, emit(RST)).cite("3.10.5", "MUST-12");
    }

    // -------------------------------------------------------------------- SEGMENT ARRIVES

    private void segmentArrives(Profile p) {
        // §3.10.7.1 CLOSED, and §3.5.2 reset generation group 1.
        in(CLOSED).on(rst()).stay(nothing()).cite("3.10.7.1");
        in(CLOSED).on(segment().noAckBit()).stay(emit(RST_ACK)).cite("3.10.7.1");
        in(CLOSED).on(segment().ackBit()).stay(emit(RST)).cite("3.10.7.1");

        // §3.10.7.2 LISTEN
        in(LISTEN).on(rst()).stay(nothing()).cite("3.10.7.2");
        in(LISTEN).on(segment().ackBit()).stay(emit(RST)).cite("3.10.7.2");
        in(LISTEN).on(syn()).go(SYN_RECEIVED, emit(SYN_ACK)).cite("3.10.7.2", "MUST-8");
        in(LISTEN).on(segment()).stay(nothing()).cite("3.10.7.2");

        // §3.10.7.3 SYN-SENT: first the ACK, then RST, then SYN.
        in(SYN_SENT).on(notRst().ack(OLD, UNSENT)).stay(emit(RST)).cite("3.10.7.3");
        in(SYN_SENT).on(rst().ack(OLD, UNSENT)).stay(nothing()).cite("3.10.7.3");
        in(SYN_SENT).on(rst().ack(EXACT)).go(CLOSED, tell(Notify.REFUSED)).cite("3.10.7.3", "MUST-12");
        in(SYN_SENT).on(rst()).stay(nothing()).cite("3.10.7.3");
        in(SYN_SENT).on(segment().kinds(Kind.SYN_ACK))
                .go(ESTABLISHED, Response.of(ACK, Notify.CONNECTED).maybe(DATA)).cite("3.10.7.3");
        in(SYN_SENT).on(segment().kinds(Kind.SYN))
                .go(SYN_RECEIVED, emit(SYN_ACK)).cite("3.10.7.3", "MUST-10");
        in(SYN_SENT).on(segment()).stay(nothing()).cite("3.10.7.3");

        // §3.10.7.4, first: the sequence number. Unacceptable: ACK, unless it is a RST.
        in(WITH_RECEIVE_SPACE).on(notRst().seq(SeqClass.OLD, SeqClass.BEYOND)).stay(emit(ACK)).cite("3.10.7.4");
        in(WITH_RECEIVE_SPACE).on(rst().seq(SeqClass.OLD, SeqClass.BEYOND)).stay(nothing()).cite("3.10.7.4", "MUST-66");

        // Second: the RST bit (§3.5.3).
        if (p.challengeAcks()) {
            in(WITH_RECEIVE_SPACE).on(rst().seq(SeqClass.IN_WINDOW)).stay(emit(ACK)).cite("3.10.7.4");
        }
        in(SYN_RECEIVED).on(rst())
                .go(LISTEN, nothing(), "opened passively: back to LISTEN")
                .or(CLOSED, tell(Notify.REFUSED), "opened actively")
                .cite("3.10.7.4", "MUST-12");
        // With half-duplex close an application that closed is gone: nobody is told (MAY-1).
        Response reset = p.halfDuplexClose() ? nothing().maybe(Notify.RESET) : tell(Notify.RESET);
        in(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT).on(rst())
                .go(CLOSED, reset).cite("3.10.7.4", "MUST-12");
        in(CLOSING, LAST_ACK, TIME_WAIT).on(rst()).go(CLOSED, nothing()).cite("3.10.7.4");

        // Fourth: the SYN bit.
        Response synInWindow = p.challengeAcks() ? emit(ACK) : Response.of(RST, Notify.RESET);
        TcpState synTarget = p.challengeAcks() ? null : CLOSED;
        in(SYN_RECEIVED).on(syn())
                .go(LISTEN, nothing(), "opened passively: back to LISTEN")
                .or(synTarget == null ? SYN_RECEIVED : synTarget, synInWindow, "opened actively")
                .cite("3.10.7.4", "MUST-11");
        if (p.challengeAcks()) {
            in(SYNCHRONIZED).on(syn()).stay(emit(ACK)).cite("3.10.7.4");
        } else {
            in(SYNCHRONIZED).on(syn()).go(CLOSED, synInWindow).cite("3.10.7.4");
        }

        // Fifth: the ACK field. Without the ACK bit the segment is dropped.
        in(WITH_RECEIVE_SPACE).on(segment().noAckBit()).stay(nothing()).cite("3.10.7.4");

        // Out of order, in the window: the ACK field is processed as the steps say, as for a bare
        // ACK at RCV.NXT; the text and FIN are held for later (SHLD-31); an ACK may be sent (MAY-13).
        in(WITH_RECEIVE_SPACE).on(segment().seq(SeqClass.IN_WINDOW)).asItsAck(ACK)
                .cite("3.10.7.4", "SHLD-31", "MAY-13");

        // Half-duplex close (MAY-1): a CLOSE queued in SYN-RECEIVED takes effect with the handshake's
        // last ACK; data in that segment arrives after CLOSE and is answered with a RST (SHLD-3).
        if (p.halfDuplexClose()) {
            in(SYN_RECEIVED).on(segment().seq(SeqClass.EXACT).ack(EXACT).data())
                    .also(CLOSED, Response.of(RST, Notify.CONNECTED).maybe(DATA, FIN),
                            "CLOSE was called with data queued: the data that arrives is lost")
                    .cite("3.6.1", "MAY-1", "SHLD-3");
        }

        // SYN-RECEIVED: an acceptable ACK completes the handshake; the rest of the segment is
        // then processed as in ESTABLISHED.
        in(SYN_RECEIVED).on(segment().ack(EXACT).noFin())
                .go(ESTABLISHED, tell(Notify.CONNECTED).maybe(ACK, DATA), "no CLOSE is pending")
                .or(FIN_WAIT_1, tell(Notify.CONNECTED).maybe(ACK, DATA, FIN), "CLOSE was called with data queued")
                .cite("3.10.7.4");
        in(SYN_RECEIVED).on(segment().ack(EXACT).fin())
                .go(CLOSE_WAIT, Response.of(ACK, Notify.CONNECTED).maybe(DATA), "no CLOSE is pending")
                .or(CLOSING, Response.of(ACK, Notify.CONNECTED).maybe(DATA, FIN), "CLOSE was called with data queued")
                .cite("3.10.7.4");
        in(SYN_RECEIVED).on(segment()).stay(emit(RST)).cite("3.10.7.4");

        // Synchronized states: an ACK of something not yet sent gets an ACK.
        in(SYNCHRONIZED).on(segment().ack(UNSENT)).stay(emit(ACK)).cite("3.10.7.4");

        Response moreData = nothing().maybe(DATA);
        Response ackData = emit(ACK).maybe(DATA);
        // In FIN-WAIT-1 the FIN may still wait behind data the window held back: an ACK that opens
        // the window lets both go (§3.10.4: "the FIN follows it").
        Response moreDataThenFin = nothing().maybe(DATA, FIN);
        Response ackDataThenFin = emit(ACK).maybe(DATA, FIN);

        // Half-duplex close (MAY-1): once the application has closed, data that arrives is lost,
        // and a RST says so (SHLD-3). This outcome is added to whatever the rules below decide.
        if (p.halfDuplexClose()) {
            in(FIN_WAIT_1, FIN_WAIT_2).on(segment().seq(SeqClass.EXACT).ack(EXACT, PARTIAL, OLD).data())
                    .also(CLOSED, emit(RST).maybe(DATA, FIN), "the application closed: the data is lost")
                    .cite("3.6.1", "MAY-1", "SHLD-3");
        }

        // A FIN that arrived out of order was held (SHLD-31). Text that fills the gap before it
        // delivers it: the segment carries no FIN, but the connection moves as if it did.
        String heldFin = "a FIN held out of order is now in sequence";
        Match fillsTheGap = segment().seq(SeqClass.EXACT).noFin().data();
        in(ESTABLISHED).on(fillsTheGap).also(CLOSE_WAIT, ackData, heldFin).cite("3.10.7.4", "SHLD-31");
        in(FIN_WAIT_1).on(fillsTheGap.ack(EXACT))
                .also(TIME_WAIT, emit(ACK), "our FIN was sent; " + heldFin)
                .also(CLOSING, emit(ACK).maybe(DATA, FIN), "our FIN waits behind data; " + heldFin)
                .cite("3.10.7.4", "SHLD-31");
        in(FIN_WAIT_1).on(fillsTheGap.ack(PARTIAL, OLD)).also(CLOSING, ackDataThenFin, heldFin).cite("3.10.7.4", "SHLD-31");
        in(FIN_WAIT_2).on(fillsTheGap).also(TIME_WAIT, emit(ACK), heldFin).cite("3.10.7.4", "SHLD-31");

        // ESTABLISHED: the ACK moves SND.UNA; text is delivered and acknowledged; a FIN closes.
        in(ESTABLISHED).on(segment().noFin().noData()).stay(moreData).cite("3.10.7.4", "MUST-37");
        in(ESTABLISHED).on(segment().noFin().data()).stay(ackData).cite("3.10.7.4");
        in(ESTABLISHED).on(segment().fin()).go(CLOSE_WAIT, ackData).cite("3.10.7.4");

        // FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2".
        in(FIN_WAIT_1).on(segment().ack(EXACT).noFin().noData())
                .go(FIN_WAIT_2, nothing(), "our FIN was sent")
                .or(FIN_WAIT_1, nothing().maybe(DATA, FIN), "our FIN waits behind data")
                .cite("3.10.7.4");
        in(FIN_WAIT_1).on(segment().ack(EXACT).noFin().data())
                .go(FIN_WAIT_2, emit(ACK), "our FIN was sent")
                .or(FIN_WAIT_1, emit(ACK).maybe(DATA, FIN), "our FIN waits behind data")
                .cite("3.10.7.4");
        in(FIN_WAIT_1).on(segment().ack(EXACT).fin())
                .go(TIME_WAIT, emit(ACK), "our FIN was sent: simultaneous close completes at once")
                .or(CLOSING, emit(ACK).maybe(DATA, FIN), "our FIN waits behind data")
                .cite("3.10.7.4", "MUST-13");
        in(FIN_WAIT_1).on(segment().noFin().noData()).stay(moreDataThenFin).cite("3.10.7.4");
        in(FIN_WAIT_1).on(segment().noFin().data()).stay(ackDataThenFin).cite("3.10.7.4");
        // Simultaneous close: both FINs cross (§3.6, Figure 13).
        in(FIN_WAIT_1).on(segment().fin()).go(CLOSING, ackDataThenFin).cite("3.6");

        // FIN-WAIT-2: everything we sent is acknowledged; the peer may still send (half-close).
        in(FIN_WAIT_2).on(segment().noFin().noData()).stay(nothing()).cite("3.10.7.4");
        in(FIN_WAIT_2).on(segment().noFin().data()).stay(emit(ACK)).cite("3.6.1");
        in(FIN_WAIT_2).on(segment().fin()).go(TIME_WAIT, emit(ACK)).cite("3.10.7.4", "MUST-13");

        // CLOSE-WAIT: as ESTABLISHED; text after the peer's FIN is ignored.
        in(CLOSE_WAIT).on(segment().noFin()).stay(moreData).cite("3.10.7.4");
        in(CLOSE_WAIT).on(segment().fin()).stay(ackData).cite("3.10.7.4");

        // CLOSING: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise,
        // ignore the segment."
        // The ESTABLISHED processing comes first: a window update may let data and the FIN go.
        Response ignored = nothing().maybe(DATA, FIN);
        in(CLOSING).on(segment().ack(EXACT).noFin())
                .go(TIME_WAIT, nothing(), "our FIN was sent")
                .or(CLOSING, ignored, "our FIN waits behind data: the segment is ignored")
                .cite("3.10.7.4", "MUST-13");
        in(CLOSING).on(segment().ack(EXACT).fin())
                .go(TIME_WAIT, emit(ACK), "our FIN was sent")
                .or(CLOSING, ignored, "our FIN waits behind data: the segment is ignored")
                .cite("3.10.7.4", "MUST-13");
        in(CLOSING).on(segment()).stay(ignored).cite("3.10.7.4");

        // LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state".
        in(LAST_ACK).on(segment().ack(EXACT))
                .go(CLOSED, nothing(), "our FIN was sent")
                .or(LAST_ACK, nothing().maybe(ACK, DATA, FIN), "our FIN waits behind data")
                .cite("3.10.7.4");
        in(LAST_ACK).on(segment().noFin()).stay(moreData).cite("3.10.7.4");
        in(LAST_ACK).on(segment().fin()).stay(ackData).cite("3.10.7.4");

        // TIME-WAIT: a FIN is acknowledged and the 2 MSL timer restarts.
        in(TIME_WAIT).on(segment().fin()).stay(emit(ACK)).cite("3.10.7.4", "MUST-13");
        in(TIME_WAIT).on(segment()).stay(nothing()).cite("3.10.7.4");
    }

    // ---------------------------------------------------------------------------- timeouts

    private void timeouts(Profile p) {
        // §3.10.8 retransmission timeout: "send the segment at the front of the retransmission
        // queue again" — with exponential backoff (MUST-19) and Karn's algorithm (MUST-18).
        in(SYN_SENT).on(timeout(Timeout.RETRANSMISSION)).stay(emit(SYN)).cite("3.10.8", "MUST-19", "MUST-22");
        in(SYN_RECEIVED).on(timeout(Timeout.RETRANSMISSION)).stay(emit(SYN_ACK)).cite("3.10.8", "MUST-19");
        in(ESTABLISHED, CLOSE_WAIT).on(timeout(Timeout.RETRANSMISSION)).stay(emit(DATA)).cite("3.10.8", "MUST-19");
        in(FIN_WAIT_1, CLOSING).on(timeout(Timeout.RETRANSMISSION))
                .stay(emit(FIN), "our FIN is outstanding")
                .or(null, emit(DATA), "only data is outstanding")
                .or(null, emit(SYN_ACK).maybe(FIN), "CLOSE in SYN-RECEIVED: our SYN is unacknowledged")
                .cite("3.10.8", "MUST-19");
        in(LAST_ACK).on(timeout(Timeout.RETRANSMISSION))
                .stay(emit(FIN), "our FIN is outstanding")
                .or(null, emit(DATA), "only data is outstanding")
                .cite("3.10.8", "MUST-19");
        // §3.10.8 user timeout, and R2 (§3.8.3): close the connection (MUST-20).
        Response timedOut = p.halfDuplexClose() ? nothing().maybe(Notify.TIMED_OUT) : tell(Notify.TIMED_OUT);
        in(SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK)
                .on(timeout(Timeout.USER)).go(CLOSED, timedOut).cite("3.10.8", "MUST-20", "MUST-23");
        // §3.10.8 time-wait timeout: 2 MSL (MUST-13).
        in(TIME_WAIT).on(timeout(Timeout.TIME_WAIT)).go(CLOSED, nothing()).cite("3.10.8", "MUST-13");
        // §3.8.4 keep-alives, only when the application asked for them (MUST-24, MUST-25).
        if (p.keepAlive()) {
            in(ESTABLISHED, CLOSE_WAIT).on(timeout(Timeout.KEEPALIVE)).stay(emit(ACK))
                    .cite("3.8.4", "MAY-5", "MUST-24", "MUST-26", "SHLD-12");
        }
        // §3.8.6.1 zero-window probing (MUST-36).
        in(ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK).on(timeout(Timeout.PERSIST)).stay(emit(DATA))
                .cite("3.8.6.1", "MUST-36", "MUST-37");
    }

    // ------------------------------------------------------------------------- the DSL

    private static Response nothing() {
        return Response.NOTHING;
    }

    private static Response emit(Emit... e) {
        return Response.of(e);
    }

    private static Response tell(Notify n) {
        return Response.of(n);
    }

    private static Set<TcpState> states(Predicate<TcpState> which) {
        Set<TcpState> s = EnumSet.noneOf(TcpState.class);
        for (TcpState t : TcpState.values()) {
            if (which.test(t)) {
                s.add(t);
            }
        }
        return s;
    }

    private RuleBuilder in(TcpState first, TcpState... rest) {
        return new RuleBuilder(EnumSet.of(first, rest));
    }

    private RuleBuilder in(Set<TcpState> states) {
        return new RuleBuilder(EnumSet.copyOf(states));
    }

    /** Builds one rule: {@code in(states).on(inputs).go(state, response).cite(section, labels)}. */
    final class RuleBuilder {
        private final Set<TcpState> states;
        private Match when;
        private final List<Outcome> outcomes = new ArrayList<>();
        private boolean additive;
        private Response asItsAck;

        RuleBuilder(Set<TcpState> states) {
            this.states = states;
        }

        RuleBuilder on(Match m) {
            this.when = m;
            return this;
        }

        RuleBuilder go(TcpState to, Response r) {
            return or(to, r, "");
        }

        RuleBuilder go(TcpState to, Response r, String condition) {
            return or(to, r, condition);
        }

        RuleBuilder stay(Response r) {
            return or(null, r, "");
        }

        RuleBuilder stay(Response r, String condition) {
            return or(null, r, condition);
        }

        /** Another outcome of the same input, where the TCB differs (target {@code null}: stay). */
        RuleBuilder or(TcpState to, Response r, String condition) {
            outcomes.add(new Outcome(to, r, condition));
            return this;
        }

        /**
         * An outcome added to those of the first ordinary rule that matches: where the TCB says
         * so, this happens instead.
         */
        RuleBuilder also(TcpState to, Response r, String condition) {
            additive = true;
            return or(to, r, condition);
        }

        /** The outcomes of the bare ACK the segment carries, each allowing {@code extra} too. */
        RuleBuilder asItsAck(Emit... extra) {
            asItsAck = nothing().maybe(extra);
            return this;
        }

        void cite(String section, String... requirements) {
            rules.add(new Rule(states, when, List.copyOf(outcomes), section, List.of(requirements), additive, asItsAck));
        }
    }

    static boolean matches(Rule r, TcpState s, Input i) {
        return r.states().contains(s) && r.when().test(i);
    }
}
