package tcpconform.stack;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from samples, RTO = SRTT + max(G,
 * 4·RTTVAR) bounded below and above, doubled on each expiry (§5.5) and recomputed on the next
 * sample. Karn's algorithm (RFC 9293 §3.8.1, MUST-18) is applied by the caller, which never
 * samples a retransmitted segment. Times in milliseconds.
 */
final class RttEstimator {

    /** Clock granularity G: the stack's time unit. */
    private static final long GRANULARITY = 1;

    private final long minRto;
    private final long maxRto;
    private double srtt = -1;
    private double rttvar;
    private long rto;

    RttEstimator(long initialRto, long minRto, long maxRto) {
        this.minRto = minRto;
        this.maxRto = maxRto;
        this.rto = initialRto;
    }

    /** RFC 6298 §2.2 and §2.3. */
    void sample(long rtt) {
        long r = Math.max(rtt, 0);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2.0;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
            srtt = 0.875 * srtt + 0.125 * r;
        }
        rto = clamp((long) Math.ceil(srtt + Math.max(GRANULARITY, 4 * rttvar)));
    }

    /** RFC 6298 §5.5: back off the timer. */
    void backOff() {
        rto = clamp(rto * 2);
    }

    long rto() {
        return rto;
    }

    private long clamp(long value) {
        return Math.min(Math.max(value, minRto), maxRto);
    }
}
