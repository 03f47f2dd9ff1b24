package tcpconform.model.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

import tcpconform.model.Alphabet;
import tcpconform.model.Call;
import tcpconform.model.Emit;
import tcpconform.model.Input;
import tcpconform.model.Notify;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.SegmentInput.Window;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.profile.Profile;

/**
 * RFC 9293 §3.10, executable: the event processing of one endpoint (the system under test) over
 * a full transmission control block with 32-bit sequence arithmetic. Each {@link #apply} is one
 * event — a user call (§3.10.1–§3.10.5), an arriving segment (§3.10.7, in the RFC's step order), or
 * a timeout (§3.10.8) — and returns a {@link Prediction}: the next state, and the segments the
 * endpoint must or may send, as patterns.
 *
 * <p>Where the RFC leaves a choice the reference makes one and says so in the prediction: it sends
 * data as soon as the window allows (marking the segment optional when Nagle, §3.7.4, could hold
 * it), it picks the ISS it was given (the pattern leaves the ISN free), and it follows its {@link
 * Profile} for the choices a profile names. Known simplifications, each a place the harness must
 * not judge more strictly than this: a FIN is sent whatever the peer's window; urgent data, options and
 * congestion control are not modelled here.
 *
 * <p>Not thread-safe; {@link #copy()} gives an independent copy.
 */
public final class Reference {

    /** The receive buffer the model assumes: RCV.WND is this, less what is unread. */
    public static final int RECEIVE_BUFFER = 65535;
    /** Octets the model's application hands to one SEND call. */
    public static final int SEND_SIZE = 100;
    /** Octets the tester puts in a segment that carries data. */
    public static final int DATA_LENGTH = 10;

    private final Profile profile;
    private final long issChoice;
    private final long peerIss;

    private TcpState state = TcpState.CLOSED;
    private long iss;
    private long sndUna;
    private long sndNxt;
    private long sndWnd;
    private long sndWl1;
    private long sndWl2;
    private long maxSndWnd;
    private long irs;
    private long rcvNxt;
    private int sendQueued;
    private int unread;
    private boolean finPending;
    private boolean finSent;
    private boolean passiveOpen;
    private boolean released;
    /** Out-of-order data held for later (SHLD-31): start sequence number to length. */
    private TreeMap<Long, Integer> held = new TreeMap<>();
    /** Sequence number of a held FIN, or -1. */
    private long heldFin = -1;

    private List<SegmentPattern> out;
    private List<Notify> notes;

    /**
     * A reference endpoint in CLOSED.
     *
     * @param profile   the choices it makes where the RFCs allow them
     * @param issChoice the ISS it selects when it opens a connection
     * @param peerIss   the initial sequence number of the peer the tester plays
     */
    public Reference(Profile profile, long issChoice, long peerIss) {
        this.profile = Objects.requireNonNull(profile, "profile");
        if (!Seq.valid(issChoice) || !Seq.valid(peerIss)) {
            throw new IllegalArgumentException("initial sequence numbers are 32-bit");
        }
        this.issChoice = issChoice;
        this.peerIss = peerIss;
    }

    /** A reference with the baseline profile and fixed initial sequence numbers. */
    public static Reference baseline() {
        return new Reference(Profile.BASELINE, 1000, 5000);
    }

    /** An independent copy in the same situation. */
    public Reference copy() {
        Reference r = new Reference(profile, issChoice, peerIss);
        r.state = state;
        r.iss = iss;
        r.sndUna = sndUna;
        r.sndNxt = sndNxt;
        r.sndWnd = sndWnd;
        r.sndWl1 = sndWl1;
        r.sndWl2 = sndWl2;
        r.maxSndWnd = maxSndWnd;
        r.irs = irs;
        r.rcvNxt = rcvNxt;
        r.sendQueued = sendQueued;
        r.unread = unread;
        r.finPending = finPending;
        r.finSent = finSent;
        r.passiveOpen = passiveOpen;
        r.released = released;
        r.held = new TreeMap<>(held);
        r.heldFin = heldFin;
        return r;
    }

    public Profile profile() {
        return profile;
    }

    public TcpState state() {
        return state;
    }

    /** A snapshot of the transmission control block. */
    public Tcb tcb() {
        return new Tcb(state, iss, sndUna, sndNxt, sndWnd, sndWl1, sndWl2, irs, rcvNxt, rcvWnd(),
                sendQueued, unread, finPending, finSent, passiveOpen);
    }

    /**
     * A summary of everything that decides how the reference reacts to an abstract input: two
     * references with the same signature make the same abstract moves.
     */
    public String signature() {
        return state + "|" + Math.min(Seq.distance(sndUna, sndNxt), 2) + "|" + sendQueued
                + "|" + Math.min(unread, 1) + "|" + finPending + "|" + finSent + "|" + passiveOpen
                + "|" + released + "|" + (sndWnd == 0) + "|" + held.size() + "|" + (heldFin >= 0);
    }

    private long rcvWnd() {
        return RECEIVE_BUFFER - unread;
    }

    /**
     * Takes the initial send sequence number the endpoint actually chose, as a tester learns it
     * from the endpoint's SYN or SYN,ACK: the RFC leaves the ISN to the implementation (§3.4.1),
     * so the reference's own choice is a placeholder until then. The patterns already predicted
     * for that SYN left its sequence number free.
     *
     * @throws IllegalStateException unless the endpoint has sent its SYN and nothing more
     */
    public void adoptIss(long observed) {
        if (!Seq.valid(observed)) {
            throw new IllegalArgumentException("initial sequence numbers are 32-bit: " + observed);
        }
        if ((state != TcpState.SYN_SENT && state != TcpState.SYN_RECEIVED)
                || sndUna != iss || sndNxt != Seq.add(iss, 1)) {
            throw new IllegalStateException("the ISS is fixed once more than the SYN is sent: " + signature());
        }
        iss = observed;
        sndUna = observed;
        sndNxt = Seq.add(observed, 1);
    }

    /**
     * Takes back a data segment the reference sent as optional and the endpoint did not send:
     * Nagle's algorithm held it while earlier data was unacknowledged (§3.7.4, SHLD-7). Its
     * octets wait in the send queue again, and go out when the outstanding data is acknowledged.
     *
     * @param seq the sequence number of the held segment, which must be the last one sent
     * @throws IllegalStateException unless data from {@code seq} to SND.NXT is the last thing sent
     */
    public void holdBack(long seq) {
        long n = Seq.distance(seq, sndNxt);
        if (!canSendData() || finSent || !Seq.lt(sndUna, seq) || n <= 0 || n > SEND_SIZE * 1024L) {
            throw new IllegalStateException("no data from " + seq + " to hold back: " + signature());
        }
        sndNxt = seq;
        sendQueued += (int) n;
    }

    /**
     * Whether the input can be applied now: a segment class must be realisable against the TCB
     * (a partial ACK needs two octets outstanding), and a timer must be running to expire.
     */
    public boolean canTake(Input input) {
        if (input instanceof Call) {
            return true;
        }
        if (input instanceof Timeout t) {
            return timerRunning(t);
        }
        SegmentInput s = (SegmentInput) input;
        if (s.window() == Window.ZERO
                && (s.kind() != SegmentInput.Kind.ACK || s.payload() || !state.hasReceiveSequenceSpace())) {
            return false;
        }
        boolean seqOk = state.hasReceiveSequenceSpace()
                ? s.seq() != SeqClass.ANY && (s.seq() != SeqClass.IN_WINDOW || rcvWnd() >= 2)
                : s.seq() == SeqClass.ANY;
        boolean ackOk = switch (s.ack()) {
            case NONE -> true;
            case ANY -> state == TcpState.CLOSED || state == TcpState.LISTEN;
            case PARTIAL -> state != TcpState.CLOSED && state != TcpState.LISTEN
                    && Seq.distance(sndUna, sndNxt) >= 2;
            default -> state != TcpState.CLOSED && state != TcpState.LISTEN;
        };
        return seqOk && ackOk;
    }

    /** The inputs of the current state that can be applied now, in {@link Alphabet} order. */
    public List<Input> possibleInputs() {
        return Alphabet.of(state).stream().filter(this::canTake).toList();
    }

    private boolean timerRunning(Timeout t) {
        boolean outstanding = state != TcpState.CLOSED && state != TcpState.LISTEN && sndUna != sndNxt;
        return switch (t) {
            case RETRANSMISSION, USER -> outstanding;
            case TIME_WAIT -> state == TcpState.TIME_WAIT;
            case KEEPALIVE -> profile.keepAlive()
                    && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)
                    && !outstanding && sendQueued == 0;
            case PERSIST -> canSendData() && sendQueued > 0 && sndWnd == 0 && !outstanding;
        };
    }

    /** Applies an abstract input; segments get numbers from the TCB (see {@link Segments#concretize}). */
    public Prediction apply(Input input) {
        if (!canTake(input)) {
            throw new IllegalStateException(input.label() + " cannot be applied in " + signature());
        }
        if (input instanceof SegmentInput s) {
            return apply(Segments.concretize(tcb(), s, peerIss, DATA_LENGTH));
        }
        TcpState from = state;
        begin();
        if (input instanceof Call c) {
            call(c);
        } else {
            timeout((Timeout) input);
        }
        return finish(from, input, null);
    }

    /** Applies a concrete segment: SEGMENT ARRIVES (§3.10.7). */
    public Prediction apply(ConcreteSegment s) {
        TcpState from = state;
        SegmentInput abstracted = Segments.classify(tcb(), s);
        begin();
        switch (state) {
            case CLOSED -> arrivesInClosed(s);
            case LISTEN -> arrivesInListen(s);
            case SYN_SENT -> arrivesInSynSent(s);
            default -> arrivesInOtherStates(s);
        }
        return finish(from, abstracted, s);
    }

    // ---------------------------------------------------------------- user calls (§3.10.1–§3.10.5)

    private void call(Call c) {
        switch (c) {
            case LISTEN -> passiveOpen();
            case CONNECT -> activeOpen();
            case SEND -> send();
            case RECEIVE -> receive();
            case SHUTDOWN -> close(false);
            case CLOSE -> close(true);
            case ABORT -> abort();
        }
    }

    /** §3.10.1 OPEN, passive. */
    private void passiveOpen() {
        if (state == TcpState.CLOSED) {
            state = TcpState.LISTEN;
        } else {
            notify(Notify.ALREADY_EXISTS);
        }
    }

    /** §3.10.1 OPEN, active; from LISTEN "change the connection from passive to active". */
    private void activeOpen() {
        if (state == TcpState.CLOSED || state == TcpState.LISTEN) {
            sendSyn();
        } else {
            notify(Notify.ALREADY_EXISTS);
        }
    }

    private void sendSyn() {
        clearConnection();
        iss = issChoice;
        sndUna = iss;
        sndNxt = Seq.add(iss, 1);
        passiveOpen = false;
        emit(Emit.SYN, OptionalLong.empty(), OptionalLong.empty(), false, "3.10.1");
        state = TcpState.SYN_SENT;
    }

    /** §3.10.2 SEND. */
    private void send() {
        switch (state) {
            case CLOSED -> notify(Notify.NO_CONNECTION);
            case LISTEN -> {
                // "If the foreign socket is specified, then change the connection from passive to
                // active, select an ISS. Send a SYN segment" — the data is queued.
                sendSyn();
                sendQueued += SEND_SIZE;
            }
            case SYN_SENT, SYN_RECEIVED -> {
                if (finPending) {
                    notify(Notify.CLOSING); // CLOSE is queued: "it is an error to send after close" (§3.10.4)
                } else {
                    sendQueued += SEND_SIZE;
                }
            }
            case ESTABLISHED, CLOSE_WAIT -> {
                sendQueued += SEND_SIZE;
                transmit();
            }
            default -> notify(Notify.CLOSING);
        }
    }

    /** §3.10.3 RECEIVE. */
    private void receive() {
        switch (state) {
            case CLOSED -> notify(Notify.NO_CONNECTION);
            case LISTEN, SYN_SENT, SYN_RECEIVED -> {
                // "Queue for processing after entering ESTABLISHED state."
            }
            default -> {
                if (released && profile.halfDuplexClose()) {
                    notify(Notify.CLOSING); // MAY-1: a closed application reads no more
                } else if (unread > 0) {
                    unread = 0;
                    notify(Notify.DATA);
                    // The window opened: an update may follow (§3.8.6.2.2).
                    emit(Emit.ACK, OptionalLong.of(sndNxt), OptionalLong.of(rcvNxt), true, "3.8.6.2.2");
                } else if (state.hasReceivedFin()) {
                    notify(Notify.EOF); // "error: connection closing": read returns 0
                }
            }
        }
    }

    /** §3.10.4 CLOSE; {@code release} is the sockets close, {@code false} the shutdown. */
    private void close(boolean release) {
        if (release && profile.halfDuplexClose() && unread > 0
                && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT
                || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2
                || state == TcpState.CLOSING || state == TcpState.LAST_ACK)) {
            // §3.6.1: closing with received data unread loses it: "SHOULD send a RST" (SHLD-3),
            // also once the peer's FIN has come (CLOSING, LAST-ACK) after data never read.
            emit(Emit.RST, OptionalLong.of(sndNxt), OptionalLong.empty(), false, "3.6.1 SHLD-3");
            clearConnection();
            state = TcpState.CLOSED;
            return;
        }
        released |= release;
        switch (state) {
            case CLOSED -> notify(Notify.NO_CONNECTION);
            case LISTEN, SYN_SENT -> {
                clearConnection();
                state = TcpState.CLOSED;
            }
            case SYN_RECEIVED -> {
                // "If no SENDs have been issued and there is no pending data to send, then form a
                // FIN segment and send it, and enter FIN-WAIT-1 state; otherwise, queue for
                // processing after entering ESTABLISHED state."
                finPending = true;
                if (sendQueued == 0) {
                    state = TcpState.FIN_WAIT_1;
                    transmit();
                }
            }
            case ESTABLISHED -> {
                finPending = true;
                state = TcpState.FIN_WAIT_1;
                transmit();
            }
            case CLOSE_WAIT -> {
                finPending = true;
                state = TcpState.LAST_ACK;
                transmit();
            }
            // "Strictly speaking, this is an error ... An 'ok' response would be acceptable,
            // too, as long as a second FIN is not emitted": an optional error.
            case FIN_WAIT_1, FIN_WAIT_2 -> { }
            default -> notify(Notify.CLOSING);
        }
    }

    /** §3.10.5 ABORT. */
    private void abort() {
        switch (state) {
            case CLOSED -> notify(Notify.NO_CONNECTION);
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> {
                emit(Emit.RST, OptionalLong.of(sndNxt), OptionalLong.empty(), false, "3.10.5");
                clearConnection();
                state = TcpState.CLOSED;
            }
            default -> {
                clearConnection();
                state = TcpState.CLOSED;
            }
        }
    }

    // ------------------------------------------------------------- SEGMENT ARRIVES (§3.10.7)

    /** §3.10.7.1: no TCB; anything but a RST gets the RST of §3.5.2. */
    private void arrivesInClosed(ConcreteSegment s) {
        if (s.rst()) {
            return;
        }
        if (!s.ack()) {
            emit(Emit.RST_ACK, OptionalLong.of(0), OptionalLong.of(Seq.add(s.seq(), s.segLen())), false, "3.10.7.1");
        } else {
            emit(Emit.RST, OptionalLong.of(s.ackNo()), OptionalLong.empty(), false, "3.10.7.1");
        }
    }

    /** §3.10.7.2. */
    private void arrivesInListen(ConcreteSegment s) {
        if (s.rst()) {
            return; // "An incoming RST should be ignored."
        }
        if (s.ack()) {
            // "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state."
            emit(Emit.RST, OptionalLong.of(s.ackNo()), OptionalLong.empty(), false, "3.10.7.2");
            return;
        }
        if (s.syn()) {
            clearConnection();
            irs = s.seq();
            rcvNxt = Seq.add(s.seq(), 1);
            iss = issChoice;
            sndUna = iss;
            sndNxt = Seq.add(iss, 1);
            sndWnd = s.window();
            maxSndWnd = sndWnd;
            passiveOpen = true;
            state = TcpState.SYN_RECEIVED;
            emit(Emit.SYN_ACK, OptionalLong.empty(), OptionalLong.of(rcvNxt), false, "3.10.7.2");
        }
        // "Any other control or text-bearing segment (not containing SYN) must have an ACK and
        // thus would be discarded by the ACK processing."
    }

    /** §3.10.7.3. */
    private void arrivesInSynSent(ConcreteSegment s) {
        boolean ackAcceptable = false;
        if (s.ack()) {
            // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set)."
            if (Seq.le(s.ackNo(), iss) || Seq.gt(s.ackNo(), sndNxt)) {
                if (!s.rst()) {
                    emit(Emit.RST, OptionalLong.of(s.ackNo()), OptionalLong.empty(), false, "3.10.7.3");
                }
                return;
            }
            ackAcceptable = Seq.le(sndUna, s.ackNo()) && Seq.le(s.ackNo(), sndNxt);
        }
        if (s.rst()) {
            // "If the ACK was acceptable, then signal to the user 'error: connection reset', drop
            // the segment, enter CLOSED state ... Otherwise (no ACK), drop the segment and return."
            if (ackAcceptable) {
                notify(Notify.REFUSED);
                clearConnection();
                state = TcpState.CLOSED;
            }
            return;
        }
        if (!s.syn()) {
            return; // "If neither of the SYN or RST bits is set, then drop the segment and return."
        }
        irs = s.seq();
        rcvNxt = Seq.add(s.seq(), 1);
        sndWnd = s.window();
        maxSndWnd = sndWnd;
        sndWl1 = s.seq();
        sndWl2 = s.ackNo();
        if (s.ack()) {
            sndUna = s.ackNo();
        }
        if (Seq.gt(sndUna, iss)) {
            // Our SYN has been ACKed: ESTABLISHED, and "form an ACK segment ... and send it. Data
            // or controls that were queued for transmission MAY be included."
            state = TcpState.ESTABLISHED;
            notify(Notify.CONNECTED);
            ackNow("3.10.7.3");
            transmit();
        } else {
            // Simultaneous open (MUST-10): SYN-RECEIVED, and send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
            state = TcpState.SYN_RECEIVED;
            emit(Emit.SYN_ACK, OptionalLong.of(iss), OptionalLong.of(rcvNxt), false, "3.10.7.3");
        }
    }

    /** §3.10.7.4, in the RFC's step order. */
    private void arrivesInOtherStates(ConcreteSegment s) {
        if (!checkSequence(s)) {
            return;
        }
        // Trim to the idealised segment that begins at RCV.NXT (§3.10.7.4, first step).
        long seq = s.seq();
        int length = s.length();
        boolean syn = s.syn();
        if (Seq.lt(seq, rcvNxt)) {
            long cut = Seq.distance(seq, rcvNxt);
            if (syn) {
                syn = false;
                cut--;
            }
            int dataCut = (int) Math.min(cut, length);
            length -= dataCut;
            seq = rcvNxt;
        }
        if (s.rst()) {
            checkRst(s);
            return;
        }
        if (syn && checkSyn()) {
            return;
        }
        if (!s.ack()) {
            return; // fifth step: "if the ACK bit is off, drop the segment and return"
        }
        if (!checkAck(s)) {
            return;
        }
        if (seq != rcvNxt) {
            // Out of order: the RFC's steps have processed the ACK field; the text and the FIN
            // wait for the gap to fill (SHLD-31).
            hold(seq, length, s.fin());
            return;
        }
        boolean fin = s.fin();
        if (length > 0) {
            int accepted = processText(length);
            if (accepted < 0) {
                return;
            }
            fin &= accepted == length;
        }
        if (fin) {
            checkFin();
        }
        deliverHeld();
    }

    /** First step: the acceptability test of Table 6; an unacceptable segment gets an ACK. */
    private boolean checkSequence(ConcreteSegment s) {
        long wnd = rcvWnd();
        long len = s.segLen();
        boolean acceptable;
        if (len == 0) {
            acceptable = wnd == 0 ? s.seq() == rcvNxt : Seq.inWindow(s.seq(), rcvNxt, wnd);
        } else {
            acceptable = wnd > 0 && (Seq.inWindow(s.seq(), rcvNxt, wnd)
                    || Seq.inWindow(Seq.add(s.seq(), len - 1), rcvNxt, wnd));
        }
        if (acceptable) {
            return true;
        }
        if (!s.rst()) {
            ackNow("3.10.7.4 first step");
        }
        // TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the
        // remote FIN. Acknowledge it, and restart the 2 MSL timeout." A retransmitted FIN is old,
        // so it is acknowledged here; the timer restart is not observable on the wire.
        return false;
    }

    /** Second step: RST, with RFC 5961's challenge ACK when the profile says so. */
    private void checkRst(ConcreteSegment s) {
        if (profile.challengeAcks() && s.seq() != rcvNxt) {
            ackNow("3.10.7.4 second step, RFC 5961 challenge ACK");
            return;
        }
        switch (state) {
            case SYN_RECEIVED -> {
                if (passiveOpen) {
                    // "return this connection to LISTEN state and return. The user need not be informed."
                    clearConnection();
                    state = TcpState.LISTEN;
                } else {
                    notify(Notify.REFUSED);
                    clearConnection();
                    state = TcpState.CLOSED;
                }
            }
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> {
                notify(Notify.RESET);
                clearConnection();
                state = TcpState.CLOSED;
            }
            default -> {
                clearConnection();
                state = TcpState.CLOSED;
            }
        }
    }

    /** Fourth step: SYN; returns whether processing stops here. */
    private boolean checkSyn() {
        if (state == TcpState.SYN_RECEIVED && passiveOpen) {
            clearConnection();
            state = TcpState.LISTEN;
            return true;
        }
        if (profile.challengeAcks()) {
            ackNow("3.10.7.4 fourth step, RFC 5961 challenge ACK");
            return true;
        }
        // "For implementations that do not follow RFC 5961 ... If the SYN is in the window it is
        // an error: send a reset ... enter the CLOSED state". The RFC does not fix its numbers.
        emit(Emit.RST, OptionalLong.empty(), OptionalLong.empty(), false, "3.10.7.4 fourth step");
        notify(Notify.RESET);
        clearConnection();
        state = TcpState.CLOSED;
        return true;
    }

    /** Fifth step: the ACK field; returns whether processing continues. */
    private boolean checkAck(ConcreteSegment s) {
        long a = s.ackNo();
        if (state == TcpState.SYN_RECEIVED) {
            if (Seq.lt(sndUna, a) && Seq.le(a, sndNxt)) {
                state = TcpState.ESTABLISHED;
                sndWnd = s.window();
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = s.seq();
                sndWl2 = a;
                notify(Notify.CONNECTED);
                if (finPending) {
                    // The CLOSE queued in SYN-RECEIVED is processed now: "In any case, enter
                    // FIN-WAIT-1 state" (§3.10.4, ESTABLISHED).
                    state = TcpState.FIN_WAIT_1;
                }
            } else {
                emit(Emit.RST, OptionalLong.of(a), OptionalLong.empty(), false, "3.10.7.4 fifth step");
                return false;
            }
        }
        if (profile.ackRangeCheck()
                && !(Seq.le(Seq.add(sndUna, -maxSndWnd), a) && Seq.le(a, sndNxt))) {
            ackNow("3.10.7.4 fifth step, RFC 5961 §5 (MAY-12)");
            return false;
        }
        if (Seq.gt(a, sndNxt)) {
            ackNow("3.10.7.4 fifth step: ACK of something not yet sent");
            return false;
        }
        long oldUna = sndUna;
        if (Seq.lt(sndUna, a)) {
            sndUna = a;
        }
        if (Seq.le(oldUna, a) && (Seq.lt(sndWl1, s.seq()) || (sndWl1 == s.seq() && Seq.le(sndWl2, a)))) {
            sndWnd = s.window();
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            sndWl1 = s.seq();
            sndWl2 = a;
        }
        boolean finAcked = ourFinAcked();
        switch (state) {
            case FIN_WAIT_1 -> {
                if (finAcked) {
                    state = TcpState.FIN_WAIT_2;
                }
            }
            case CLOSING -> {
                if (!finAcked) {
                    // "In addition to the processing for the ESTABLISHED state": the window may
                    // have opened for data our FIN waits behind. "Otherwise, ignore the segment."
                    transmit();
                    return false;
                }
                state = TcpState.TIME_WAIT;
            }
            case LAST_ACK -> {
                if (finAcked) {
                    clearConnection();
                    state = TcpState.CLOSED;
                    return false;
                }
            }
            default -> { }
        }
        transmit();
        return true;
    }

    /**
     * Seventh step: segment text. Returns the octets accepted, or -1 when the segment ended the
     * connection (half-duplex close).
     */
    private int processText(int length) {
        switch (state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> {
                if (released && profile.halfDuplexClose()) {
                    // §3.6.1: "if new data is received after CLOSE is called ... SHOULD send a RST" (SHLD-3).
                    emit(Emit.RST, OptionalLong.of(sndNxt), OptionalLong.empty(), false, "3.6.1 SHLD-3");
                    clearConnection();
                    state = TcpState.CLOSED;
                    return -1;
                }
                int accepted = (int) Math.min(length, rcvWnd());
                rcvNxt = Seq.add(rcvNxt, accepted);
                unread += accepted;
                ackNow("3.10.7.4 seventh step");
                return accepted;
            }
            default -> {
                // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has
                // been received from the remote side. Ignore the segment text." The FIN step
                // still follows.
                return length;
            }
        }
    }

    /** Eighth step: FIN. */
    private void checkFin() {
        if (!state.hasReceivedFin()) {
            // "advance RCV.NXT over the FIN"; a second FIN (CLOSE-WAIT, CLOSING, LAST-ACK,
            // TIME-WAIT) lies where the first one ended, and is only acknowledged.
            rcvNxt = Seq.add(rcvNxt, 1);
        }
        ackNow("3.10.7.4 eighth step");
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> state = TcpState.CLOSE_WAIT;
            case FIN_WAIT_1 -> state = ourFinAcked() ? TcpState.TIME_WAIT : TcpState.CLOSING;
            case FIN_WAIT_2 -> state = TcpState.TIME_WAIT;
            default -> { } // CLOSE-WAIT, CLOSING, LAST-ACK remain; TIME-WAIT restarts its timer.
        }
    }

    /** Out-of-order text and FIN are held for later (SHLD-31); an ACK may be sent (MAY-13). */
    private void hold(long seq, int length, boolean fin) {
        if (!state.hasReceiveSequenceSpace()) {
            return; // the ACK ended the connection (LAST-ACK)
        }
        if (length > 0) {
            held.merge(seq, length, Math::max);
        }
        if (fin && heldFin < 0) {
            // The first FIN held fixes where the peer's stream ends; a later FIN at another
            // sequence number contradicts it and is not taken, as the eighth step has a second
            // FIN change nothing ("Remain in the ... state", §3.10.7.4).
            heldFin = Seq.add(seq, length);
        }
        emit(Emit.ACK, OptionalLong.of(sndNxt), OptionalLong.of(rcvNxt), true, "3.10.7.4 MAY-13");
    }

    /** Held segments that now begin at RCV.NXT are processed in sequence order. */
    private void deliverHeld() {
        boolean progressed = true;
        while (progressed && state.hasReceiveSequenceSpace()) {
            progressed = false;
            for (Map.Entry<Long, Integer> e : List.copyOf(held.entrySet())) {
                long start = e.getKey();
                long end = Seq.add(start, e.getValue());
                if (Seq.le(start, rcvNxt)) {
                    held.remove(start);
                    if (Seq.gt(end, rcvNxt)) {
                        processText((int) Seq.distance(rcvNxt, end));
                        progressed = true;
                    }
                }
            }
            if (heldFin >= 0 && heldFin == rcvNxt && held.isEmpty()) {
                heldFin = -1;
                checkFin();
                progressed = true;
            }
        }
    }

    // ------------------------------------------------------------------- timeouts (§3.10.8)

    private void timeout(Timeout t) {
        switch (t) {
            case RETRANSMISSION -> retransmit();
            case USER -> {
                // "flush all queues, signal the user 'error: connection aborted due to user
                // timeout' ... enter the CLOSED state"; likewise when R2 is reached (MUST-20).
                notify(Notify.TIMED_OUT);
                clearConnection();
                state = TcpState.CLOSED;
            }
            case TIME_WAIT -> {
                clearConnection();
                state = TcpState.CLOSED;
            }
            case KEEPALIVE ->
                // §3.8.4: a probe with SEG.SEQ = SND.NXT-1, no data (SHLD-12).
                    emit(Emit.ACK, OptionalLong.of(Seq.add(sndNxt, -1)), OptionalLong.of(rcvNxt), false, "3.8.4");
            case PERSIST -> {
                // §3.8.6.1: "transmit at least one octet of new data (if available) ... even if
                // the send window is zero" (MUST-36).
                emit(Emit.DATA, OptionalLong.of(sndNxt), OptionalLong.of(rcvNxt), false, "3.8.6.1 MUST-36");
                sndNxt = Seq.add(sndNxt, 1);
                sendQueued--;
            }
        }
    }

    /** §3.10.8: "send the segment at the front of the retransmission queue again". */
    private void retransmit() {
        switch (state) {
            case SYN_SENT -> emit(Emit.SYN, OptionalLong.of(iss), OptionalLong.empty(), false, "3.10.8");
            case SYN_RECEIVED -> emit(Emit.SYN_ACK, OptionalLong.of(iss), OptionalLong.of(rcvNxt), false, "3.10.8");
            default -> {
                if (sndUna == iss) {
                    // CLOSE in SYN-RECEIVED sent a FIN before the handshake completed: the SYN,ACK
                    // is still at the front of the queue; the FIN may follow it.
                    emit(Emit.SYN_ACK, OptionalLong.of(iss), OptionalLong.of(rcvNxt), false, "3.10.8");
                    if (finSent) {
                        emit(Emit.FIN, OptionalLong.of(Seq.add(sndNxt, -1)), OptionalLong.of(rcvNxt), true, "3.10.8");
                    }
                    return;
                }
                boolean onlyFin = finSent && Seq.distance(sndUna, sndNxt) == 1;
                // Everything outstanding fits one segment in this model; with the FIN it is a FIN.
                emit(finSent ? Emit.FIN : Emit.DATA, OptionalLong.of(sndUna), OptionalLong.of(rcvNxt), false,
                        onlyFin ? "3.10.8 (FIN)" : "3.10.8");
            }
        }
    }

    // --------------------------------------------------------------------------- sending

    /** Data queued before a CLOSE still goes out, in the states where our FIN waits behind it. */
    private boolean canSendData() {
        return state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT
                || state == TcpState.FIN_WAIT_1 || state == TcpState.CLOSING || state == TcpState.LAST_ACK;
    }

    /**
     * Sends queued data as the peer's window allows, then a pending FIN once no data waits.
     * Data sent while other data is unacknowledged is optional: Nagle (§3.7.4) may hold it.
     */
    private void transmit() {
        if (!canSendData()) {
            return;
        }
        long usable = Math.max(0, sndWnd - Seq.distance(sndUna, sndNxt));
        int n = (int) Math.min(sendQueued, usable);
        boolean nagleMayHold = sndUna != sndNxt;
        boolean sentData = false;
        if (n > 0) {
            sentData = true;
            long seq = sndNxt;
            sndNxt = Seq.add(sndNxt, n);
            sendQueued -= n;
            if (!(finPending && sendQueued == 0)) {
                emit(Emit.DATA, OptionalLong.of(seq), OptionalLong.of(rcvNxt), nagleMayHold, "3.10.2");
                return;
            }
        }
        if (finPending && sendQueued == 0) {
            if (sentData) {
                // The data goes first; the FIN after it, in its segment or in one of its own.
                emit(Emit.DATA, OptionalLong.of(Seq.add(sndNxt, -n)), OptionalLong.of(rcvNxt), false, "3.10.2");
            }
            long seq = sndNxt;
            sndNxt = Seq.add(sndNxt, 1);
            finPending = false;
            finSent = true;
            emit(Emit.FIN, OptionalLong.of(seq), OptionalLong.of(rcvNxt), false, "3.10.4");
        }
    }

    // ---------------------------------------------------------------------------- helpers

    private boolean ourFinAcked() {
        return finSent && sndUna == sndNxt;
    }

    private void ackNow(String why) {
        emit(Emit.ACK, OptionalLong.of(sndNxt), OptionalLong.of(rcvNxt), false, why);
    }

    private void emit(Emit kind, OptionalLong seq, OptionalLong ack, boolean optional, String why) {
        out.add(new SegmentPattern(kind, seq, ack, optional, why));
    }

    private void notify(Notify n) {
        if (released && profile.halfDuplexClose() && (n == Notify.RESET || n == Notify.TIMED_OUT)) {
            return; // with half-duplex close (MAY-1) the application that closed is gone: nobody to tell
        }
        notes.add(n);
    }

    private void clearConnection() {
        iss = 0;
        sndUna = 0;
        sndNxt = 0;
        sndWnd = 0;
        sndWl1 = 0;
        sndWl2 = 0;
        maxSndWnd = 0;
        irs = 0;
        rcvNxt = 0;
        sendQueued = 0;
        unread = 0;
        finPending = false;
        finSent = false;
        passiveOpen = false;
        released = false;
        held = new TreeMap<>();
        heldFin = -1;
    }

    private void begin() {
        out = new ArrayList<>();
        notes = new ArrayList<>();
    }

    /**
     * Ends a move. Several reasons to acknowledge in one move give one ACK (MUST-58), carrying
     * RCV.NXT as it is at the end of the move; it is required if any reason required it, and
     * optional when a data or FIN segment of the same move carries the acknowledgment
     * (piggybacking, §3.10.7.4 seventh step).
     */
    private Prediction finish(TcpState from, Input input, ConcreteSegment segment) {
        boolean carrier = out.stream().anyMatch(p -> !p.optional()
                && (p.kind() == Emit.DATA || p.kind() == Emit.FIN));
        boolean ackRequired = out.stream().anyMatch(p -> p.kind() == Emit.ACK && !p.optional());
        List<SegmentPattern> merged = new ArrayList<>();
        boolean ackSeen = false;
        for (SegmentPattern p : out) {
            if (p.kind() == Emit.ACK) {
                if (ackSeen) {
                    continue;
                }
                ackSeen = true;
                // If the connection was deleted meanwhile, the ACK keeps the value it was formed with.
                OptionalLong ack = state.hasReceiveSequenceSpace() ? OptionalLong.of(rcvNxt) : p.ack();
                p = new SegmentPattern(Emit.ACK, p.seq(), ack, carrier || !ackRequired, p.why());
            } else if ((p.kind() == Emit.DATA || p.kind() == Emit.FIN) && p.ack().isPresent()
                    && state.hasReceiveSequenceSpace() && Seq.gt(rcvNxt, p.ack().getAsLong())) {
                // Formed before the rest of the arriving segment was processed: it may also carry
                // RCV.NXT as it is at the end of the move (MUST-59).
                p = new SegmentPattern(p.kind(), p.seq(), p.ack(), Seq.distance(p.ack().getAsLong(), rcvNxt),
                        p.optional(), p.why());
            }
            merged.add(p);
        }
        return new Prediction(from, input, segment, merged, notes, state);
    }
}
