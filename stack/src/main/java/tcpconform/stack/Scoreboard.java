package tcpconform.stack;

import tcpconform.stack.buffer.RangeSet;
import tcpconform.stack.seq.SeqNum;

/**
 * The SACK scoreboard of RFC 6675: the ranges of sequence space above SND.UNA that the peer
 * reported holding (RFC 2018), and the highest sequence number retransmitted in the current
 * recovery (HighRxt). Ranges are offsets from SND.UNA, so that they survive wrap-around.
 */
final class Scoreboard {

    static final int MAX = 16;

    private final RangeSet sacked = new RangeSet(MAX);
    private int highRxt;

    void clear() {
        sacked.clear();
        highRxt = 0;
    }

    /** Records a SACK block [left, right) given SND.UNA and SND.MAX; ignores invalid blocks. */
    void add(int left, int right, int sndUna, int sndMax) {
        if (!SeqNum.before(left, right) || SeqNum.before(left, sndUna) || SeqNum.after(right, sndMax)) {
            return; // RFC 2018 §4: a block below SND.UNA or beyond what was sent is not believed
        }
        sacked.add(left - sndUna, right - sndUna);
    }

    /** SND.UNA moved forward by {@code acked}: drop what is now cumulatively acknowledged. */
    void advance(int acked) {
        sacked.shift(acked);
        highRxt = Math.max(highRxt - acked, 0);
    }

    /**
     * RFC 6675 §4 NextSeg() rule 1, simplified: the first octet at or above HighRxt that is not
     * SACKed and lies below the highest SACKed octet, or -1. Returns an offset from SND.UNA;
     * {@link #holeLength} tells how long the hole there is.
     */
    int nextHole() {
        int at = highRxt;
        for (int i = 0; i < sacked.count(); i++) {
            if (at < sacked.start(i)) {
                return at;
            }
            at = Math.max(at, sacked.end(i));
        }
        return -1;
    }

    int holeLength(int offset) {
        for (int i = 0; i < sacked.count(); i++) {
            if (offset < sacked.start(i)) {
                return sacked.start(i) - offset;
            }
        }
        return 0;
    }

    /** HighRxt moves up to {@code endOffset} (an offset from SND.UNA). */
    void retransmitted(int endOffset) {
        highRxt = Math.max(highRxt, endOffset);
    }

    /**
     * RFC 6675 §4 SetPipe(), simplified: octets outstanding, less those SACKed and those in
     * holes below the highest SACK that are deemed lost and not yet retransmitted.
     */
    long pipe(long outstanding) {
        long sackedBytes = 0;
        long lost = 0;
        int at = highRxt;
        for (int i = 0; i < sacked.count(); i++) {
            sackedBytes += sacked.end(i) - sacked.start(i);
            if (at < sacked.start(i)) {
                lost += sacked.start(i) - at;
            }
            at = Math.max(at, sacked.end(i));
        }
        return Math.max(outstanding - sackedBytes - lost, 0);
    }
}
