package tcpconform.stack;

/**
 * Congestion control per RFC 5681 (slow start, congestion avoidance, fast retransmit and fast
 * recovery), with NewReno's partial-acknowledgment handling (RFC 6582) when the peer does not
 * SACK, and the loss-recovery entry and exit of RFC 6675 when it does. RFC 9293 §3.8.2 requires
 * slow start and congestion avoidance (MUST-19). Windows in octets.
 */
final class Congestion {

    static final int DUP_THRESH = 3;

    private int smss;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE; // RFC 5681 §3.1: "arbitrarily high"
    private int dupAcks;
    private boolean recovering;
    /** RFC 6582 "recover": SND.NXT when recovery began; recovery ends once it is acknowledged. */
    private int recover;
    /** Octets acknowledged in congestion avoidance since cwnd last grew (RFC 5681 §3.1, eq. 3). */
    private long bytesAcked;

    void start(int smss) {
        this.smss = smss;
        this.cwnd = initialWindow(smss);
    }

    /** RFC 5681 §3.1, the initial window IW. */
    static long initialWindow(int smss) {
        if (smss > 2190) {
            return 2L * smss;
        }
        if (smss > 1095) {
            return 3L * smss;
        }
        return 4L * smss;
    }

    long cwnd() {
        return cwnd;
    }

    boolean recovering() {
        return recovering;
    }

    int recoverPoint() {
        return recover;
    }

    /** An ACK that acknowledged {@code acked} new octets, outside recovery. */
    void onAck(long acked) {
        dupAcks = 0;
        if (cwnd < ssthresh) {
            cwnd += Math.min(acked, smss); // slow start, RFC 5681 §3.1 eq. 2
        } else {
            bytesAcked += acked; // congestion avoidance, appropriate byte counting
            if (bytesAcked >= cwnd) {
                bytesAcked -= cwnd;
                cwnd += smss;
            }
        }
    }

    /** A duplicate ACK (RFC 5681 §2 definition); returns true when it is the DupThresh-th. */
    boolean onDuplicateAck() {
        dupAcks++;
        if (recovering) {
            cwnd += smss; // RFC 5681 §3.2 step 4: inflate for each further duplicate
            return false;
        }
        return dupAcks == DUP_THRESH;
    }

    /**
     * Enters fast recovery (RFC 5681 §3.2 steps 2 and 3; RFC 6675 §5 step 4 with SACK, where
     * cwnd is set to ssthresh and the pipe, not inflation, accounts for what left the network).
     */
    void enterRecovery(long flightSize, int sndNxt, boolean sack) {
        ssthresh = Math.max(flightSize / 2, 2L * smss);
        cwnd = sack ? ssthresh : ssthresh + (long) DUP_THRESH * smss;
        recover = sndNxt;
        recovering = true;
        bytesAcked = 0;
    }

    /** RFC 6582 §3.2 step 3: a partial ACK deflates the window by the amount acknowledged. */
    void onPartialAck(long acked, boolean sack) {
        if (!sack) {
            cwnd = Math.max(cwnd - acked + (acked >= smss ? smss : 0), smss);
        }
    }

    /** A full ACK ends recovery (RFC 6582 §3.2 step 3, RFC 6675 §5). */
    void exitRecovery(long flightSize) {
        recovering = false;
        dupAcks = 0;
        cwnd = Math.min(ssthresh, Math.max(flightSize, smss) + smss);
    }

    /** RFC 5681 §3.1 eq. 4 and the loss window after a retransmission timeout. */
    void onTimeout(long flightSize) {
        ssthresh = Math.max(flightSize / 2, 2L * smss);
        cwnd = smss;
        recovering = false;
        dupAcks = 0;
        bytesAcked = 0;
    }

    /** RFC 5681 §4.1: after an idle period longer than an RTO, restart from the initial window. */
    void restartAfterIdle() {
        cwnd = Math.min(cwnd, initialWindow(smss));
    }
}
