package tcpconform.stack;

import static tcpconform.stack.seq.SeqNum.after;
import static tcpconform.stack.seq.SeqNum.before;
import static tcpconform.stack.seq.SeqNum.beforeOrAt;
import static tcpconform.stack.seq.SeqNum.inWindow;
import static tcpconform.stack.wire.Segment.ACK;
import static tcpconform.stack.wire.Segment.FIN;
import static tcpconform.stack.wire.Segment.PSH;
import static tcpconform.stack.wire.Segment.RST;
import static tcpconform.stack.wire.Segment.SYN;
import static tcpconform.stack.wire.Segment.URG;

import tcpconform.stack.buffer.RangeSet;
import tcpconform.stack.buffer.ReceiveBuffer;
import tcpconform.stack.buffer.SendBuffer;
import tcpconform.stack.wire.Codec;
import tcpconform.stack.wire.Segment;

/**
 * One TCP connection: its TCB (RFC 9293 §3.3.1), the event processing of §3.10 and the
 * mechanisms of §3.7 and §3.8. Input arrives through {@link TcpStack}; the application calls
 * the public methods, each with the current time. Segment processing follows the RFC's steps in
 * order, one method per step: {@link #checkSequence}, {@link #checkRst}, {@link #checkSyn},
 * {@link #checkAck}, {@link #processUrgent}, {@link #processText}, {@link #checkFin}.
 */
public final class Connection {

    private static final long OFF = Long.MAX_VALUE;
    /** RFC 7323 §5.5: TS.Recent older than 24 days is invalid. */
    private static final long PAWS_IDLE = 24L * 24 * 60 * 60 * 1000;
    private static final long MAX_PERSIST = 60_000;
    /** §3.7.1: the send MSS when the peer announced none (MUST-15). */
    private static final int DEFAULT_SEND_MSS = 536;
    private static final int TIMESTAMP_OPTION = 12;

    private final TcpStack stack;
    final int localPort;
    final int remoteAddress;
    final int remotePort;
    final long key;
    final Listener listener;
    private final ConnectionOptions options;
    private final int tsOffset;
    private TcpState state = TcpState.CLOSED;

    // Send sequence variables (§3.3.1). SND.MAX is the RFC's SND.NXT, the next new sequence
    // number; sndNxt is where sending resumes, rewound to SND.UNA by a retransmission timeout.
    private int iss;
    private int sndUna;
    private int sndNxt;
    private int sndMax;
    private long sndWnd;
    private int sndWl1;
    private int sndWl2;
    private long maxSndWnd;
    private int sndUp;
    private boolean sndUrgent;
    /** Sequence number of the first octet in the send buffer. */
    private int bufferSeq;
    private boolean finQueued;
    private boolean finSent;
    private int finSeq;

    // Receive sequence variables.
    private int rcvNxt;
    /** The right edge of the window last advertised: never moved left (§3.8.6, SHLD-14). */
    private int rcvAdvRight;
    private int rcvUp;
    private boolean rcvUrgent;
    private boolean finReceived;
    private boolean outOfOrderFin;
    private int outOfOrderFinSeq;

    // Negotiated options.
    private int sndMss = DEFAULT_SEND_MSS;
    private int sndWscale;
    private int rcvWscale;
    private boolean sackOk;
    private boolean tsOk;
    private int tsRecent;
    private long tsRecentAt;
    private int lastAckSent;

    private SendBuffer sendBuffer;
    private ReceiveBuffer receiveBuffer;
    /** Zero-capacity stand-ins once the real buffers went back to the pool. */
    private static final SendBuffer NO_SEND = SendBuffer.empty();
    private static final ReceiveBuffer NO_RECEIVE = ReceiveBuffer.empty();
    private final RttEstimator rtt;
    private final Congestion congestion = new Congestion();
    private final Scoreboard scoreboard = new Scoreboard();

    // Timers, as deadlines (OFF when not running).
    private long retransmitAt = OFF;
    private long persistAt = OFF;
    private long delayedAckAt = OFF;
    private long keepAliveAt = OFF;
    private long timeWaitAt = OFF;
    private long userTimeoutAt = OFF;
    private int synRetransmissions;
    private int persistBackoff;
    private boolean persisting;
    private long lastProbeAnswered;
    private boolean probeAnswered;
    private int keepAlivesUnanswered;
    private long lastSentAt;

    // RTT timing of one segment at a time (Karn: never a retransmitted one).
    private boolean timing;
    private int timedSeq;
    private long timedAt;

    private boolean ackNow;
    /** Our SYN has been acknowledged: the handshake is complete (whatever the state now). */
    private boolean handshakeComplete;
    /** The application has accepted the connection or called on it: it is told how it ends. */
    boolean owned;
    private int fullSegmentsUnacknowledged;
    private boolean closeCalled;
    private boolean readableSignalled;
    private boolean writeBlocked;
    private final Event readableEvent;
    private final Event writableEvent;

    int heapSlot = -1;
    long heapKey;

    Connection(TcpStack stack, int localPort, int remoteAddress, int remotePort, Listener listener,
            ConnectionOptions options) {
        this.stack = stack;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.key = ConnectionTable.key(localPort, remotePort, remoteAddress);
        this.listener = listener;
        this.options = options;
        this.sendBuffer = stack.buffers().send(options.sendBuffer());
        this.receiveBuffer = stack.buffers().receive(options.receiveBuffer());
        this.rtt = new RttEstimator(options.initialRto(), options.minRto(), options.maxRto());
        this.tsOffset = stack.isn().timestampOffset(stack.localAddress(), localPort, remoteAddress, remotePort);
        this.readableEvent = new Event(Event.Type.READABLE, this, null);
        this.writableEvent = new Event(Event.Type.WRITABLE, this, null);
        int shift = 0;
        while (shift < Codec.MAX_WINDOW_SCALE && (options.receiveBuffer() >> shift) > 65535) {
            shift++;
        }
        this.rcvWscale = options.windowScale() ? shift : 0;
    }

    // ------------------------------------------------------------------ application interface

    public TcpState state() {
        return state;
    }

    public int localPort() {
        return localPort;
    }

    public int remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    /** Octets received in order and not yet read. */
    public int available() {
        return receiveBuffer.readable();
    }

    /** Room in the send buffer. */
    public int sendSpace() {
        return state == TcpState.CLOSED ? 0 : sendBuffer.free();
    }

    /** Octets written and not yet acknowledged by the peer. */
    public int unacknowledged() {
        return sendBuffer.size();
    }

    /** SND.UNA, the oldest sequence number the peer has not acknowledged (§3.3.1), as an unsigned value. */
    public long sndUna() {
        return Integer.toUnsignedLong(sndUna);
    }

    /** Octets of urgent data the application has not yet read (MUST-33); 0 when none. */
    public int urgentRemaining() {
        int readSeq = rcvNxt - receiveBuffer.readable();
        return rcvUrgent && after(rcvUp, readSeq) ? rcvUp - readSeq : 0;
    }

    /** The current RTO, for tests and diagnostics. */
    public long retransmissionTimeout() {
        return rtt.rto();
    }

    /** The congestion window in octets, for tests and diagnostics. */
    public long congestionWindow() {
        return congestion.cwnd();
    }

    /** The send MSS in use (§3.7.1, MUST-16). */
    public int sendMss() {
        return sndMss;
    }

    /**
     * SEND (§3.10.2): queues as much of the data as the send buffer takes and returns how much.
     * When it cannot take everything, a {@link Event.Type#WRITABLE} event follows once room
     * appears. {@code urgent} marks all data up to the end of this call as urgent (§3.8.5).
     */
    public int send(byte[] data, int offset, int length, boolean urgent, long now) {
        owned = true;
        switch (state) {
            case CLOSED:
                throw new TcpException(TcpException.Reason.CONNECTION_DOES_NOT_EXIST);
            case FIN_WAIT_1: case FIN_WAIT_2: case CLOSING: case LAST_ACK: case TIME_WAIT:
                throw new TcpException(TcpException.Reason.CONNECTION_CLOSING);
            default:
                break;
        }
        if (finQueued) {
            throw new TcpException(TcpException.Reason.CONNECTION_CLOSING);
        }
        int taken = sendBuffer.write(data, offset, length);
        if (taken < length) {
            writeBlocked = true;
        }
        if (urgent && taken > 0) {
            sndUp = bufferSeq + sendBuffer.size(); // the first octet after the urgent data (MUST-62)
            sndUrgent = true;
        }
        afterCall(now);
        return taken;
    }

    public int send(byte[] data, long now) {
        return send(data, 0, data.length, false, now);
    }

    /**
     * RECEIVE (§3.10.3): copies up to {@code length} octets that arrived in order; returns how
     * many, 0 when none are there yet, and -1 at the end of the stream (the peer's FIN was
     * received and everything before it read).
     */
    public int receive(byte[] into, int offset, int length, long now) {
        owned = true;
        if (state == TcpState.CLOSED && receiveBuffer.readable() == 0) {
            if (finReceived) {
                return -1;
            }
            throw new TcpException(TcpException.Reason.CONNECTION_DOES_NOT_EXIST);
        }
        if (closeCalled && options.halfDuplexClose()) {
            throw new TcpException(TcpException.Reason.CONNECTION_CLOSING);
        }
        int n = receiveBuffer.read(into, offset, length);
        if (receiveBuffer.readable() == 0) {
            readableSignalled = false;
            releaseBuffersIfDone();
            if (n == 0 && finReceived) {
                return -1;
            }
        }
        if (n > 0 && windowUpdateWorthSending()) {
            ackNow = true; // receiver SWS avoidance (§3.8.6.2.2) lets the window reopen now
        }
        afterCall(now);
        return n;
    }

    /** SHUTDOWN: CLOSE in the RFC's sense, "I have no more to send"; receiving goes on. */
    public void shutdown(long now) {
        owned = true;
        switch (state) {
            case CLOSED:
                throw new TcpException(TcpException.Reason.CONNECTION_DOES_NOT_EXIST);
            case SYN_SENT:
                delete(null); // §3.10.4: delete the TCB
                return;
            case SYN_RECEIVED:
                // §3.10.4: FIN now if nothing was sent, else after the handshake with the data.
                finQueued = true;
                if (sendBuffer.size() == 0) {
                    state = TcpState.FIN_WAIT_1;
                }
                break;
            case ESTABLISHED:
                finQueued = true;
                state = TcpState.FIN_WAIT_1;
                break;
            case CLOSE_WAIT:
                finQueued = true;
                state = TcpState.LAST_ACK;
                break;
            default:
                throw new TcpException(TcpException.Reason.CONNECTION_CLOSING);
        }
        afterCall(now);
    }

    /**
     * CLOSE (§3.10.4). Like {@link #shutdown}, unless half-duplex close is on (MAY-1): then data
     * the application has not read makes the stack reset the connection instead (SHLD-3).
     */
    public void close(long now) {
        owned = true;
        closeCalled = true;
        if (options.halfDuplexClose() && state.isSynchronized() && receiveBuffer.readable() > 0) {
            abortWithReset(now);
            return;
        }
        if (finQueued && state != TcpState.CLOSED) {
            return; // already shut down: CLOSE now only means the application reads no more
        }
        shutdown(now);
    }

    /** ABORT (§3.10.5): a RST in the states that have a peer to tell, then CLOSED. */
    public void abort(long now) {
        owned = true;
        switch (state) {
            case CLOSED:
                throw new TcpException(TcpException.Reason.CONNECTION_DOES_NOT_EXIST);
            case SYN_RECEIVED: case ESTABLISHED: case FIN_WAIT_1: case FIN_WAIT_2: case CLOSE_WAIT:
                abortWithReset(now);
                return;
            default:
                delete(null);
        }
    }

    private void abortWithReset(long now) {
        sendControl(sndMax, 0, RST, now); // <SEQ=SND.NXT><CTL=RST>
        delete(null);
    }

    // ------------------------------------------------------------------ opening

    /** OPEN, active (§3.10.1): send SYN, enter SYN-SENT. */
    void open(long now) {
        iss = stack.isn().isn(stack.localAddress(), localPort, remoteAddress, remotePort, now);
        sndUna = iss;
        sndNxt = iss + 1;
        sndMax = sndNxt;
        bufferSeq = iss + 1;
        state = TcpState.SYN_SENT;
        sendSyn(false, now);
        retransmitAt = now + rtt.rto();
        stack.reschedule(this);
    }

    /** §3.10.7.2, LISTEN, third check: a SYN creates the connection in SYN-RECEIVED. */
    void acceptSyn(Segment seg, long now) {
        rcvNxt = seg.seq + 1;
        rcvAdvRight = rcvNxt;
        takeSynOptions(seg, now);
        iss = stack.isn().isn(stack.localAddress(), localPort, remoteAddress, remotePort, now);
        sndUna = iss;
        sndNxt = iss + 1;
        sndMax = sndNxt;
        bufferSeq = iss + 1;
        sndWnd = seg.window; // never scaled in a SYN (RFC 7323 §2.2)
        maxSndWnd = sndWnd;
        sndWl1 = seg.seq;
        sndWl2 = seg.ack;
        state = TcpState.SYN_RECEIVED;
        sendSyn(true, now);
        retransmitAt = now + rtt.rto();
        stack.reschedule(this);
    }

    /**
     * The ACK of a SYN cookie's SYN,ACK arrived ({@link SynCookies}): the connection starts in
     * ESTABLISHED, with what the cookie SYN,ACK offered, ISS = SEG.ACK - 1 and IRS = SEG.SEQ - 1,
     * and none of the options a cookie cannot carry. The segment itself is processed next.
     */
    void openFromCookie(Segment seg, int peerMss) {
        rcvNxt = seg.seq;
        rcvAdvRight = rcvNxt + SynCookies.window(options); // what the cookie SYN,ACK offered
        iss = seg.ack - 1;
        sndUna = seg.ack;
        sndNxt = seg.ack;
        sndMax = seg.ack;
        bufferSeq = seg.ack;
        sndMss = Math.min(peerMss, options.mss());
        sndWscale = 0;
        rcvWscale = 0;
        sackOk = false;
        tsOk = false;
        congestion.start(effectiveMss());
        sndWnd = seg.window;
        maxSndWnd = sndWnd;
        sndWl1 = seg.seq;
        sndWl2 = seg.ack;
        state = TcpState.ESTABLISHED;
        handshakeComplete = true;
    }

    /** Reads the SYN's options: MSS (§3.7.1), window scale, SACK-permitted, timestamps. */
    private void takeSynOptions(Segment seg, long now) {
        int peerMss = seg.mss == Segment.ABSENT ? DEFAULT_SEND_MSS : Math.max(seg.mss, 64);
        // MUST-16: Eff.snd.MSS = min(SendMSS + 20, MMS_S) - TCPhdrsize - IPoptionsize; the
        // header-size correction is made per segment, for the options actually sent.
        sndMss = Math.min(peerMss, options.mss());
        boolean peerScales = seg.windowScale != Segment.ABSENT;
        if (options.windowScale() && peerScales) {
            sndWscale = seg.windowScale;
        } else {
            sndWscale = 0;
            rcvWscale = 0;
        }
        sackOk = options.sack() && seg.sackPermitted;
        tsOk = options.timestamps() && seg.timestamps;
        if (tsOk) {
            tsRecent = seg.tsVal;
            tsRecentAt = now;
        }
        congestion.start(effectiveMss());
    }

    private int effectiveMss() {
        return sndMss - (tsOk ? TIMESTAMP_OPTION : 0);
    }

    // ------------------------------------------------------------------ SEGMENT ARRIVES (§3.10.7)

    void segmentArrives(Segment seg, long now) {
        if (state == TcpState.SYN_SENT) {
            synSent(seg, now);
        } else if (checkSequence(seg, now) && checkRst(seg) && checkSyn(seg, now) && checkAck(seg, now)) {
            processUrgent(seg);
            processText(seg, now);
            checkFin(seg, now);
        }
        if (state != TcpState.CLOSED) {
            output(now);
            stack.reschedule(this);
        }
    }

    /** §3.10.7.3 SYN-SENT. */
    private void synSent(Segment seg, long now) {
        boolean ackAcceptable = false;
        if (seg.has(ACK)) { // first, the ACK bit
            if (beforeOrAt(seg.ack, iss) || after(seg.ack, sndNxt)) {
                if (!seg.has(RST)) {
                    sendControl(seg.ack, 0, RST, now); // <SEQ=SEG.ACK><CTL=RST>
                }
                return;
            }
            ackAcceptable = after(seg.ack, sndUna);
        }
        if (seg.has(RST)) { // second, the RST bit
            if (ackAcceptable) {
                delete(Event.Type.REFUSED); // "connection reset"; MUST-12
            }
            return;
        }
        if (!seg.has(SYN)) { // fifth: neither SYN nor RST
            return;
        }
        // Fourth, the SYN bit.
        rcvNxt = seg.seq + 1;
        rcvAdvRight = rcvNxt + Math.min(receiveBuffer.space(), 65535); // what our SYN offered
        takeSynOptions(seg, now);
        sndWnd = seg.window;
        maxSndWnd = sndWnd;
        sndWl1 = seg.seq;
        sndWl2 = seg.ack;
        if (seg.has(ACK)) {
            acknowledge(seg, now);
        }
        if (after(sndUna, iss)) {
            state = TcpState.ESTABLISHED;
            handshakeComplete = true;
            retransmitAt = OFF;
            stack.event(new Event(Event.Type.CONNECTED, this, null));
            ackNow = true; // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, queued data may ride along
            if (seg.payloadLength > 0 || seg.has(URG) || seg.has(FIN)) {
                seg.seq += 1; // the SYN is consumed: continue at the sixth step with the rest
                processUrgent(seg);
                processText(seg, now);
                checkFin(seg, now);
            }
        } else {
            // Simultaneous open (§3.5, MUST-10): SYN-RECEIVED, and SYN,ACK <SEQ=ISS><ACK=RCV.NXT>.
            state = TcpState.SYN_RECEIVED;
            synRetransmissions = 0;
            sendSyn(true, now);
            retransmitAt = now + rtt.rto();
        }
    }

    /** First step (§3.10.7.4): the acceptability test of Table 6, after PAWS (RFC 7323 §5.3). */
    private boolean checkSequence(Segment seg, long now) {
        if (tsOk && seg.timestamps && !seg.has(RST) && before(seg.tsVal, tsRecent)
                && now - tsRecentAt < PAWS_IDLE) {
            ackNow = true; // PAWS: an old duplicate, acknowledged and dropped
            return false;
        }
        int length = seg.segmentLength();
        int window = receiveWindow();
        boolean acceptable;
        if (length == 0 || window == 0) {
            // With a zero window, MUST-66's "special allowance" lets an in-sequence segment's
            // ACK, URG and RST through; its text is trimmed away later.
            acceptable = window == 0 ? seg.seq == rcvNxt : inWindow(seg.seq, rcvNxt, window);
        } else {
            acceptable = inWindow(seg.seq, rcvNxt, window) || inWindow(seg.seq + length - 1, rcvNxt, window);
        }
        if (!acceptable) {
            if (!seg.has(RST)) {
                ackNow = true; // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
                if (state == TcpState.TIME_WAIT && seg.has(FIN)) {
                    timeWaitAt = now + 2 * options.msl(); // a retransmitted FIN restarts 2 MSL
                }
            }
            return false;
        }
        keepAlivesUnanswered = 0;
        if (options.keepAlive()) {
            keepAliveAt = now + options.keepAliveIdle();
        }
        if (tsOk && seg.timestamps && beforeOrAt(seg.seq, lastAckSent) && !before(seg.tsVal, tsRecent)) {
            tsRecent = seg.tsVal; // RFC 7323 §4.3
            tsRecentAt = now;
        }
        return true;
    }

    /** Second step: the RST bit, with RFC 5961 §3.2's challenge ACK when enabled. */
    private boolean checkRst(Segment seg) {
        if (!seg.has(RST)) {
            return true;
        }
        if (options.rfc5961() && seg.seq != rcvNxt) {
            ackNow = true; // challenge ACK
            return false;
        }
        switch (state) {
            case SYN_RECEIVED:
                // Passive: back to LISTEN, which for this stack means the listener simply forgets
                // the embryonic connection. Active: "connection refused".
                delete(listener != null ? null : Event.Type.REFUSED);
                break;
            case ESTABLISHED: case FIN_WAIT_1: case FIN_WAIT_2: case CLOSE_WAIT:
                delete(Event.Type.RESET); // "connection reset" (MUST-12)
                break;
            default: // CLOSING, LAST-ACK, TIME-WAIT
                delete(Event.Type.CLOSED);
                break;
        }
        return false;
    }

    /** Fourth step: the SYN bit. */
    private boolean checkSyn(Segment seg, long now) {
        if (!seg.has(SYN)) {
            return true;
        }
        if (state == TcpState.SYN_RECEIVED && listener != null) {
            delete(null); // passive open: "return this connection to the LISTEN state"
            return false;
        }
        if (options.rfc5961()) {
            ackNow = true; // RFC 5961 §4.2: a challenge ACK, whatever the sequence number
            return false;
        }
        // RFC 793's rule: a SYN in the window is an error; reset.
        sendControl(seg.has(ACK) ? seg.ack : sndMax, 0, RST, now);
        delete(Event.Type.RESET);
        return false;
    }

    /** Fifth step: the ACK field. Returns whether processing goes on. */
    private boolean checkAck(Segment seg, long now) {
        if (!seg.has(ACK)) {
            return false;
        }
        if (options.rfc5961() && before(seg.ack, sndUna - (int) Math.min(maxSndWnd, Integer.MAX_VALUE))) {
            ackNow = true; // RFC 5961 §5.2: an ACK too old to be believed gets a challenge ACK
            return false;
        }
        boolean completes = after(seg.ack, iss) && !after(seg.ack, sndMax);
        if (!handshakeComplete && !completes && state == TcpState.SYN_RECEIVED) {
            sendControl(seg.ack, 0, RST, now); // <SEQ=SEG.ACK><CTL=RST>
            return false;
        }
        // FIN-WAIT-1 after a CLOSE in SYN-RECEIVED follows the ESTABLISHED rules: an old ACK is
        // a duplicate and ignored, one of something not yet sent gets an ACK (below).
        if (!handshakeComplete && completes) { // SYN-RECEIVED, or FIN-WAIT-1 after a CLOSE there
            handshakeComplete = true;
            if (state == TcpState.SYN_RECEIVED) {
                state = finQueued ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED;
            }
            sndWnd = scaledWindow(seg);
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            sndWl1 = seg.seq;
            sndWl2 = seg.ack;
            if (listener != null) {
                stack.established(this);
            } else {
                stack.event(new Event(Event.Type.CONNECTED, this, null));
            }
        }
        if (after(seg.ack, sndMax)) {
            ackNow = true; // it acknowledges something not yet sent
            return false;
        }
        // RFC 5681 §2 "duplicate acknowledgment"; a zero window's ACKs answer probes instead.
        boolean duplicate = seg.ack == sndUna && seg.payloadLength == 0 && !seg.has(FIN)
                && scaledWindow(seg) == sndWnd && sndMax != sndUna && sndWnd > 0 && !persisting;
        if (after(seg.ack, sndUna)) {
            acknowledge(seg, now);
        } else if (seg.ack == sndUna && sackOk && seg.sackBlocks > 0) {
            recordSack(seg);
        }
        if (beforeOrAt(sndUna, seg.ack)
                && (before(sndWl1, seg.seq) || (sndWl1 == seg.seq && beforeOrAt(sndWl2, seg.ack)))) {
            sndWnd = scaledWindow(seg); // §3.10.7.4: update the send window
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            sndWl1 = seg.seq;
            sndWl2 = seg.ack;
        }
        if (duplicate) {
            duplicateAck(now);
        }
        if (persisting) {
            lastProbeAnswered = now; // the peer answers: its window may stay shut indefinitely (MUST-37)
            probeAnswered = true;
        }
        boolean finAcked = finSent && after(sndUna, finSeq);
        switch (state) {
            case FIN_WAIT_1:
                if (finAcked) {
                    state = TcpState.FIN_WAIT_2;
                }
                return true;
            case CLOSING:
                if (finAcked) {
                    enterTimeWait(now);
                    return true; // on to the FIN step: a FIN here is acknowledged
                }
                return false; // "otherwise ignore the segment"
            case LAST_ACK:
                if (finAcked) {
                    delete(Event.Type.CLOSED);
                    return false;
                }
                return true; // text is ignored, a FIN acknowledged (eighth step)
            default:
                return true;
        }
    }

    private long scaledWindow(Segment seg) {
        return (long) seg.window << sndWscale;
    }

    /** SND.UNA < SEG.ACK =< SND.MAX: new data (or our SYN or FIN) acknowledged. */
    private void acknowledge(Segment seg, long now) {
        int acked = seg.ack - sndUna;
        int data = Math.max(Math.min(seg.ack - bufferSeq, sendBuffer.size()), 0);
        sendBuffer.release(data);
        bufferSeq += data;
        if (sndUrgent && !after(sndUp, seg.ack)) {
            sndUrgent = false;
        }
        // RTT measurement (RFC 6298 §3; RFC 7323 §4.1 when timestamps are on). Karn (MUST-18):
        // a retransmitted segment is never timed, and timing stops when the timer fires.
        if (tsOk && seg.timestamps && seg.tsEcr != 0) {
            rtt.sample(tsClock(now) - seg.tsEcr);
        } else if (timing && after(seg.ack, timedSeq)) {
            rtt.sample(now - timedAt);
            timing = false;
        }
        long flightBefore = Integer.toUnsignedLong(sndMax - sndUna);
        sndUna = seg.ack;
        if (before(sndNxt, sndUna)) {
            sndNxt = sndUna;
        }
        scoreboard.advance(acked);
        if (sackOk && seg.sackBlocks > 0) {
            recordSack(seg);
        }
        if (congestion.recovering()) {
            if (!before(sndUna, congestion.recoverPoint())) {
                congestion.exitRecovery(Integer.toUnsignedLong(sndMax - sndUna));
                scoreboard.clear();
            } else {
                congestion.onPartialAck(acked, sackOk);
                if (!sackOk) {
                    retransmit(sndUna, now); // RFC 6582 §3.2 step 3: the next hole, at once
                }
            }
        } else if (flightBefore > 0) {
            congestion.onAck(data);
        }
        synRetransmissions = 0;
        persistBackoff = 0;
        boolean outstanding = sndMax != sndUna && !persisting; // probes have their own timer
        retransmitAt = outstanding ? now + rtt.rto() : OFF; // RFC 6298 §5.2 and §5.3
        userTimeoutAt = outstanding ? now + options.userTimeout() : OFF;
        if (writeBlocked && sendBuffer.free() > 0) {
            writeBlocked = false;
            stack.event(writableEvent);
        }
    }

    private void recordSack(Segment seg) {
        for (int i = 0; i < seg.sackBlocks; i++) {
            scoreboard.add(seg.sackLeft[i], seg.sackRight[i], sndUna, sndMax);
        }
    }

    /** RFC 5681 §3.2: the third duplicate ACK starts fast retransmit and fast recovery. */
    private void duplicateAck(long now) {
        if (congestion.onDuplicateAck()) {
            congestion.enterRecovery(Integer.toUnsignedLong(sndMax - sndUna), sndMax, sackOk);
            timing = false;
            scoreboard.retransmitted(retransmit(sndUna, now)); // RFC 6675 §5 step 4.3: HighRxt
        }
    }

    /** Sixth step: the URG bit (§3.8.5), in the states that still receive data. */
    private void processUrgent(Segment seg) {
        if (!seg.has(URG) || !receivingData()) {
            return;
        }
        int up = seg.seq + seg.urgentPointer; // points at the first non-urgent octet (MUST-62)
        boolean hadUrgent = urgentRemaining() > 0;
        if (!rcvUrgent || after(up, rcvUp)) {
            rcvUp = up;
            rcvUrgent = true;
        }
        if (!hadUrgent && urgentRemaining() > 0) {
            stack.event(new Event(Event.Type.URGENT, this, null)); // MUST-32
        }
    }

    /** Seventh step: the segment text (§3.10.7.4), trimmed to the window and kept in order. */
    private void processText(Segment seg, long now) {
        if (seg.payloadLength == 0 || !receivingData()) {
            return;
        }
        if (closeCalled && options.halfDuplexClose()) {
            abortWithReset(now); // data after a half-duplex CLOSE is lost: tell the peer (SHLD-3)
            return;
        }
        int offset = seg.seq - rcvNxt;
        int window = receiveWindow();
        int length = Math.min(seg.payloadLength, Math.max(window - offset, 0));
        boolean hadGaps = receiveBuffer.outOfOrder().count() > 0;
        if (seg.has(FIN) && offset <= 0 && length == seg.payloadLength) {
            // The FIN ends the stream where this text ends: octets held beyond it belong to no
            // stream, and must not fill in behind it (§3.10.7.4, seventh and eighth steps).
            receiveBuffer.dropOutOfOrder();
        }
        int advanced = length <= 0 ? 0 : receiveBuffer.write(offset, seg.payload, seg.payloadOffset, length);
        rcvNxt += advanced;
        if (advanced > 0 && !readableSignalled) {
            readableSignalled = true;
            stack.event(readableEvent);
        }
        if (offset != 0 || hadGaps || advanced < seg.payloadLength) {
            ackNow = true; // out of order, filling a gap, or trimmed: acknowledge at once (RFC 5681 §4.2)
        } else if (seg.payloadLength >= Math.min(sndMss, options.mss()) - (tsOk ? TIMESTAMP_OPTION : 0)
                && ++fullSegmentsUnacknowledged >= 2) {
            ackNow = true; // at least every second full-sized segment (SHLD-19)
        } else if (options.delayedAck() == 0) {
            ackNow = true;
        } else if (delayedAckAt == OFF) {
            delayedAckAt = now + options.delayedAck(); // MUST-40: well under 0.5 s
        }
        if (outOfOrderFin && rcvNxt == outOfOrderFinSeq) {
            outOfOrderFin = false;
            finArrived(now);
        }
    }

    /** Eighth step: the FIN bit. A FIN beyond a gap is remembered until the gap fills. */
    private void checkFin(Segment seg, long now) {
        if (!seg.has(FIN) || state == TcpState.CLOSED) {
            return;
        }
        if (finReceived) {
            // Eighth step, CLOSE-WAIT, CLOSING, LAST-ACK: "Remain in the state" — and, as for any
            // FIN, "send an acknowledgment for the FIN" (RCV.NXT already covers the first FIN).
            ackNow = true;
            return;
        }
        int finAt = seg.seq + seg.payloadLength;
        if (finAt == rcvNxt) {
            finArrived(now);
        } else if (after(finAt, rcvNxt) && inWindow(finAt, rcvNxt, receiveWindow() + 1)) {
            ackNow = true; // out of order: acknowledge at once (MAY-13; RFC 5681 §4.2)
            if (!outOfOrderFin) {
                // The first FIN beyond a gap fixes where the stream ends: a later one elsewhere
                // contradicts it and changes nothing, as a repeated FIN does (§3.10.7.4, eighth step).
                outOfOrderFin = true;
                outOfOrderFinSeq = finAt;
            }
        }
    }

    private void finArrived(long now) {
        rcvNxt += 1;
        finReceived = true;
        outOfOrderFin = false;
        receiveBuffer.dropOutOfOrder(); // nothing comes after the FIN
        ackNow = true;
        stack.event(new Event(Event.Type.END_OF_STREAM, this, null));
        switch (state) {
            case SYN_RECEIVED: case ESTABLISHED:
                state = TcpState.CLOSE_WAIT;
                break;
            case FIN_WAIT_1:
                if (finSent && after(sndUna, finSeq)) {
                    enterTimeWait(now);
                } else {
                    state = TcpState.CLOSING; // simultaneous close
                }
                break;
            case FIN_WAIT_2:
                enterTimeWait(now);
                break;
            default:
                break;
        }
    }

    private boolean receivingData() {
        return (state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2)
                && !finReceived;
    }

    private void enterTimeWait(long now) {
        state = TcpState.TIME_WAIT;
        releaseBuffersIfDone();
        timeWaitAt = now + 2 * options.msl(); // MUST-13
        retransmitAt = OFF;
        persistAt = OFF;
        keepAliveAt = OFF;
        userTimeoutAt = OFF;
    }

    // ------------------------------------------------------------------ timers (§3.10.8)

    long deadline() {
        if (state == TcpState.CLOSED) {
            return OFF;
        }
        long d = Math.min(retransmitAt, persistAt);
        d = Math.min(d, delayedAckAt);
        d = Math.min(d, keepAliveAt);
        d = Math.min(d, timeWaitAt);
        return Math.min(d, userTimeoutAt);
    }

    void timersExpire(long now) {
        if (timeWaitAt <= now) {
            delete(Event.Type.CLOSED); // TIME-WAIT TIMEOUT
            return;
        }
        if (userTimeoutAt <= now) {
            delete(Event.Type.TIMED_OUT); // USER TIMEOUT, and R2 of §3.8.3 (MUST-20)
            return;
        }
        if (retransmitAt <= now) {
            retransmissionTimeout(now);
            if (state == TcpState.CLOSED) {
                return;
            }
        }
        if (persistAt <= now) {
            persistTimeout(now);
            if (state == TcpState.CLOSED) {
                return;
            }
        }
        if (keepAliveAt <= now) {
            keepAliveTimeout(now);
            if (state == TcpState.CLOSED) {
                return;
            }
        }
        if (delayedAckAt <= now) {
            delayedAckAt = OFF;
            ackNow = true;
        }
        output(now);
        stack.reschedule(this);
    }

    /** RFC 6298 §5.4–5.7, and SYN retransmission with the same backoff (MUST-22, MUST-23). */
    private void retransmissionTimeout(long now) {
        retransmitAt = OFF;
        timing = false;
        rtt.backOff();
        if (!handshakeComplete) {
            if (synRetransmissions >= options.synRetries()) {
                // A connection nobody has accepted or used leaves its listener silently.
                delete(listener != null && !owned ? null : Event.Type.TIMED_OUT);
                return;
            }
            synRetransmissions++;
            sendSyn(state != TcpState.SYN_SENT, now);
            retransmitAt = now + rtt.rto();
            if (finSent) {
                sndNxt = finSeq; // a FIN sent from SYN-RECEIVED goes again after the SYN,ACK
            }
            return;
        }
        if (sndMax == sndUna) {
            return;
        }
        congestion.onTimeout(Integer.toUnsignedLong(sndMax - sndUna));
        scoreboard.clear();
        sndNxt = sndUna; // go back: resend from the oldest unacknowledged octet
        retransmit(sndUna, now);
    }

    /** Zero-window probing (§3.8.6.1, MUST-36): first after an RTO (SHLD-29), then backing off (SHLD-30). */
    private void persistTimeout(long now) {
        persistAt = OFF;
        if (!sendingAllowed()) {
            return;
        }
        if (sndWnd == 0) {
            if (persisting && !probeAnswered && now - lastProbeAnswered >= options.userTimeout()) {
                delete(Event.Type.TIMED_OUT); // probes unanswered for the user timeout
                return;
            }
            probeAnswered = false;
            int pending = pendingData();
            if (sndNxt != sndUna) {
                transmit(sndUna, 1, false, now); // probe again with the same octet
            } else if (pending > 0) {
                transmit(sndNxt, 1, false, now); // one new octet beyond the window
                sndNxt += 1;
                sndMax = after(sndNxt, sndMax) ? sndNxt : sndMax;
            }
            persisting = true;
            persistBackoff++;
            persistAt = now + persistInterval();
        } else {
            // The window is open but too small for the sender's SWS rule: the override timeout
            // of §3.8.6.2.1 sends what fits.
            int length = (int) Math.min(pendingData(), Math.max(sndWnd - (sndNxt - sndUna), 0));
            if (length > 0) {
                sendNew(length, now);
            }
        }
    }

    private long persistInterval() {
        return Math.min(rtt.rto() << Math.min(persistBackoff, 16), MAX_PERSIST);
    }

    /** Keep-alive (§3.8.4): only when idle with nothing outstanding (MUST-26), without data (SHLD-12). */
    private void keepAliveTimeout(long now) {
        keepAliveAt = OFF;
        if (!options.keepAlive() || !state.isSynchronized() || state == TcpState.TIME_WAIT) {
            return;
        }
        if (sndMax != sndUna) {
            keepAliveAt = now + options.keepAliveIdle();
            return;
        }
        if (keepAlivesUnanswered >= options.keepAliveProbes()) {
            delete(Event.Type.TIMED_OUT); // unanswered, several times over: MUST-29 tolerance spent
            return;
        }
        keepAlivesUnanswered++;
        sendControl(sndMax - 1, rcvNxt, ACK, now); // <SEQ=SND.NXT-1><ACK=RCV.NXT>
        keepAliveAt = now + options.keepAliveInterval();
    }

    // ------------------------------------------------------------------ output

    /** Sends what the state, the windows and the algorithms allow, then an ACK if one is owed. */
    void output(long now) {
        int sentBefore = stack.packetsSent();
        if (sendingAllowed()) {
            if (congestion.recovering() && sackOk) {
                retransmitHoles(now);
            }
            sendNewData(now);
        }
        boolean sent = stack.packetsSent() != sentBefore;
        if (ackNow && !sent && state != TcpState.CLOSED && state != TcpState.SYN_SENT) {
            // The RFC's SND.NXT is our SND.MAX: after a timeout SND.NXT is rewound for
            // retransmission, and an ACK carrying that older number would be unacceptable.
            sendControl(sndMax, rcvNxt, ACK, now);
        }
        armTimers(now);
    }

    private boolean sendingAllowed() {
        switch (state) {
            case ESTABLISHED: case CLOSE_WAIT: case FIN_WAIT_1: case CLOSING: case LAST_ACK:
                return true;
            default:
                return false;
        }
    }

    private int pendingData() {
        return Math.max(sendBuffer.size() - (sndNxt - bufferSeq), 0);
    }

    private void sendNewData(long now) {
        while (true) {
            if (finSent && after(sndNxt, finSeq)) {
                return; // everything, FIN included, is out
            }
            int pending = pendingData();
            long outstanding = Integer.toUnsignedLong(sndNxt - sndUna);
            if (outstanding == 0 && now - lastSentAt > rtt.rto()) {
                congestion.restartAfterIdle(); // RFC 5681 §4.1
            }
            if (pending == 0) {
                if (finQueued) {
                    sendNew(0, now); // FIN alone; it does not wait for the window
                }
                return;
            }
            long inFlight = congestion.recovering() && sackOk ? scoreboard.pipe(outstanding) : outstanding;
            long room = Math.min(congestion.cwnd() - inFlight, sndWnd - outstanding);
            int mss = effectiveMss();
            int length = (int) Math.max(Math.min(Math.min(pending, mss), room), 0);
            if (length == 0) {
                return;
            }
            if (length < mss) {
                // §3.7.4 Nagle (SHLD-7, MUST-17) and §3.8.6.2.1 sender SWS avoidance (MUST-38).
                boolean nagleHolds = options.nagle() && outstanding > 0;
                boolean allQueuedFits = length == pending;
                boolean bigEnough = length >= maxSndWnd / 2;
                if (nagleHolds || !(allQueuedFits || bigEnough)) {
                    return;
                }
            }
            sendNew(length, now);
        }
    }

    /** Sends {@code length} new octets at SND.NXT, with FIN if they are the last and CLOSE was called. */
    private void sendNew(int length, long now) {
        boolean fin = finQueued && length == pendingData();
        boolean fresh = !before(sndNxt, sndMax);
        transmit(sndNxt, length, fin, now);
        if (fresh && !timing && !tsOk && length > 0) {
            timing = true;
            timedSeq = sndNxt;
            timedAt = now;
        }
        if (fin) {
            finSent = true;
            finSeq = sndNxt + length;
        }
        sndNxt += length + (fin ? 1 : 0);
        if (after(sndNxt, sndMax)) {
            sndMax = sndNxt;
        }
    }

    /**
     * Retransmits one segment's worth starting at {@code seq} (fast retransmit, RTO, partial
     * ACK); returns the sequence space sent.
     */
    private int retransmit(int seq, long now) {
        int offset = seq - bufferSeq;
        if (offset < 0) {
            return 0;
        }
        // Only what was sent before goes again: new data takes the ordinary path, under the
        // window and Nagle's rule, and moves SND.MAX there.
        int sentBefore = Math.max((finSent ? finSeq : sndMax) - seq, 0);
        int length = Math.min(Math.min(Math.max(sendBuffer.size() - offset, 0), sentBefore), effectiveMss());
        boolean fin = finSent && seq + length == finSeq;
        if (length == 0 && !fin) {
            return 0;
        }
        transmit(seq, length, fin, now);
        if (sndNxt == seq) {
            sndNxt = seq + length + (fin ? 1 : 0);
        }
        return length + (fin ? 1 : 0);
    }

    /** RFC 6675 §5 step (C): while the pipe leaves room, fill the holes below the highest SACK. */
    private void retransmitHoles(long now) {
        int mss = effectiveMss();
        while (congestion.cwnd() - scoreboard.pipe(Integer.toUnsignedLong(sndMax - sndUna)) >= mss) {
            int hole = scoreboard.nextHole();
            if (hole < 0) {
                return;
            }
            int length = Math.min(scoreboard.holeLength(hole), mss);
            int offset = sndUna + hole - bufferSeq;
            length = Math.min(length, sendBuffer.size() - offset);
            if (length <= 0) {
                return;
            }
            transmit(sndUna + hole, length, false, now);
            scoreboard.retransmitted(hole + length);
        }
    }

    private void armTimers(long now) {
        boolean outstanding = sndMax != sndUna;
        if (sndWnd == 0 && pendingData() > 0 && sendingAllowed()) {
            if (persistAt == OFF) {
                persistAt = now + persistInterval();
            }
            if (!persisting) {
                lastProbeAnswered = now;
            }
            persisting = true;
            userTimeoutAt = OFF; // while probing, the timeout counts unanswered probes instead
        } else if (persisting && sndWnd > 0) {
            persisting = false;
            persistAt = OFF;
        } else if (!outstanding && pendingData() > 0 && sendingAllowed() && persistAt == OFF) {
            persistAt = now + persistInterval(); // SWS override timer
        }
        if (outstanding && retransmitAt == OFF && !persisting) {
            retransmitAt = now + rtt.rto();
        }
        if (outstanding && userTimeoutAt == OFF && !persisting) {
            userTimeoutAt = now + options.userTimeout();
        }
        if (options.keepAlive() && keepAliveAt == OFF && state.isSynchronized() && state != TcpState.TIME_WAIT) {
            keepAliveAt = now + options.keepAliveIdle();
        }
        if (state == TcpState.TIME_WAIT) {
            delayedAckAt = OFF;
        }
    }

    private void sendSyn(boolean withAck, long now) {
        Segment s = segmentTo(iss, withAck ? rcvNxt : 0, SYN | (withAck ? ACK : 0));
        s.window = Math.min(receiveBuffer.space(), 65535); // never scaled in a SYN
        s.mss = options.mss(); // MUST-14; MSS only on SYN segments (MUST-65)
        boolean offerScale = options.windowScale() && (!withAck || rcvWscale > 0 || sndWscale > 0);
        if (offerScale) {
            s.windowScale = rcvWscale;
        }
        boolean offerSack = options.sack() && (!withAck || sackOk);
        s.sackPermitted = offerSack;
        boolean offerTs = options.timestamps() && (!withAck || tsOk);
        if (offerTs) {
            s.timestamps = true;
            s.tsVal = tsClock(now);
            s.tsEcr = withAck ? tsRecent : 0;
        }
        rcvAdvRight = withAck ? rcvNxt + s.window : rcvAdvRight;
        finish(s, 0, 0, now);
    }

    /** A segment with no data: an ACK, a RST, a keep-alive. */
    private void sendControl(int seq, int ack, int flags, long now) {
        Segment s = segmentTo(seq, ack, flags);
        if ((flags & ACK) != 0) {
            s.window = advertiseWindow();
            addTimestamps(s, now);
            addSack(s);
        } else if (tsOk) {
            addTimestamps(s, now);
        }
        finish(s, 0, 0, now);
    }

    /** A segment carrying {@code length} octets from the send buffer at {@code seq}, maybe FIN. */
    private void transmit(int seq, int length, boolean fin, long now) {
        Segment s = segmentTo(seq, rcvNxt, ACK | (fin ? FIN : 0));
        if (length > 0 && length == sendBuffer.size() - (seq - bufferSeq)) {
            s.flags |= PSH; // the last octet queued: push it (MUST-61), once per burst (SHLD-27)
        }
        if (sndUrgent && after(sndUp, seq)) {
            s.flags |= URG;
            s.urgentPointer = (int) Math.min(Integer.toUnsignedLong(sndUp - seq), 65535);
        }
        s.window = advertiseWindow();
        addTimestamps(s, now);
        addSack(s);
        finish(s, seq - bufferSeq, length, now);
    }

    private Segment segmentTo(int seq, int ack, int flags) {
        Segment s = stack.outgoing();
        s.clearBody();
        s.sourcePort = localPort;
        s.destinationAddress = remoteAddress;
        s.destinationPort = remotePort;
        s.seq = seq;
        s.ack = (flags & ACK) != 0 ? ack : 0;
        s.flags = flags;
        return s;
    }

    private void addTimestamps(Segment s, long now) {
        if (tsOk) {
            s.timestamps = true;
            s.tsVal = tsClock(now);
            s.tsEcr = tsRecent;
        }
    }

    /** RFC 2018 §4: the block with the latest segment first, then the others. */
    private void addSack(Segment s) {
        RangeSet held = receiveBuffer.outOfOrder();
        if (!sackOk || held.count() == 0 || (s.flags & ACK) == 0) {
            return;
        }
        int latest = receiveBuffer.latestRange();
        int n = 0;
        if (latest >= 0) {
            s.sackLeft[n] = rcvNxt + held.start(latest);
            s.sackRight[n] = rcvNxt + held.end(latest);
            n++;
        }
        for (int i = 0; i < held.count() && n < Segment.MAX_SACK_BLOCKS; i++) {
            if (i != latest) {
                s.sackLeft[n] = rcvNxt + held.start(i);
                s.sackRight[n] = rcvNxt + held.end(i);
                n++;
            }
        }
        s.sackBlocks = n;
    }

    private void finish(Segment s, int dataOffset, int length, long now) {
        if ((s.flags & ACK) != 0) {
            lastAckSent = s.ack;
            ackNow = false;
            delayedAckAt = OFF;
            fullSegmentsUnacknowledged = 0;
        }
        lastSentAt = now;
        stack.transmit(s, sendBuffer, dataOffset, length);
    }

    private int tsClock(long now) {
        return (int) now + tsOffset;
    }

    /** RCV.WND as last advertised. */
    private int receiveWindow() {
        return Math.max(rcvAdvRight - rcvNxt, 0);
    }

    /**
     * The window to advertise now. Receiver SWS avoidance (§3.8.6.2.2, MUST-39): the right edge
     * moves only when it can move by min(buffer/2, MSS); it never moves left (SHLD-14).
     */
    private int advertiseWindow() {
        int current = receiveWindow();
        int space = receiveBuffer.space();
        int offer = space - current >= swsThreshold() ? space : current;
        int field = Math.min(offer >>> rcvWscale, 65535);
        if ((field << rcvWscale) < current) {
            field = Math.min((current + (1 << rcvWscale) - 1) >>> rcvWscale, 65535); // round up, never shrink
        }
        rcvAdvRight = rcvNxt + (field << rcvWscale);
        return field;
    }

    private boolean windowUpdateWorthSending() {
        return state.isSynchronized() && !finReceived
                && receiveBuffer.space() - receiveWindow() >= swsThreshold();
    }

    private int swsThreshold() {
        return Math.min(receiveBuffer.capacity() / 2, sndMss);
    }

    private void afterCall(long now) {
        if (state != TcpState.CLOSED) {
            output(now);
            stack.reschedule(this);
        }
    }

    /** Deletes the TCB: CLOSED, with the event that tells the application why (none if null). */
    private void delete(Event.Type why) {
        state = TcpState.CLOSED;
        retransmitAt = OFF;
        persistAt = OFF;
        delayedAckAt = OFF;
        keepAliveAt = OFF;
        timeWaitAt = OFF;
        userTimeoutAt = OFF;
        if (why == Event.Type.RESET || why == Event.Type.REFUSED || why == Event.Type.TIMED_OUT || why == null) {
            receiveBuffer.clear(); // §3.10.7.4: on reset "all segment queues should be flushed"
        }
        releaseBuffersIfDone();
        stack.deleted(this, why, !handshakeComplete);
    }

    /**
     * In TIME-WAIT and CLOSED nothing more is sent or received: the buffers go back to the pool,
     * the receive buffer only once the application has read it.
     */
    private void releaseBuffersIfDone() {
        if (state != TcpState.TIME_WAIT && state != TcpState.CLOSED) {
            return;
        }
        if (sendBuffer != NO_SEND) {
            stack.buffers().giveBack(sendBuffer);
            sendBuffer = NO_SEND;
        }
        if (receiveBuffer != NO_RECEIVE && receiveBuffer.readable() == 0) {
            stack.buffers().giveBack(receiveBuffer);
            receiveBuffer = NO_RECEIVE;
        }
    }

    @Override
    public String toString() {
        return "Connection[" + localPort + " <-> " + tcpconform.stack.wire.Addresses.format(remoteAddress) + ":"
                + remotePort + " " + state.rfcName() + "]";
    }
}
