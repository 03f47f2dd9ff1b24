package tcpconform.stack;

import tcpconform.stack.seq.SeqNum;

/**
 * The SACK scoreboard of RFC 6675: the ranges of sequence space above SND.UNA that the peer
 * reported holding (RFC 2018), merged, and the highest sequence number retransmitted in the
 * current recovery (HighRxt). Ranges are kept as offsets from SND.UNA so that they survive
 * wrap-around; at most {@link #MAX} of them. Allocation-free.
 */
final class Scoreboard {

    static final int MAX = 16;

    private final int[] starts = new int[MAX];
    private final int[] ends = new int[MAX];
    private int count;
    private int highRxt;

    void clear() {
        count = 0;
        highRxt = 0;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Records a SACK block [left, right) given SND.UNA and SND.NXT; ignores invalid blocks. */
    void add(int left, int right, int sndUna, int sndNxt) {
        if (!SeqNum.before(left, right) || SeqNum.before(left, sndUna) || SeqNum.after(right, sndNxt)) {
            return; // RFC 2018 §4: a block below SND.UNA or beyond SND.NXT is not believed
        }
        int s = left - sndUna;
        int e = right - sndUna;
        int i = 0;
        while (i < count && ends[i] < s) {
            i++;
        }
        int j = i;
        while (j < count && starts[j] <= e) {
            s = Math.min(s, starts[j]);
            e = Math.max(e, ends[j]);
            j++;
        }
        int merged = j - i;
        if (merged == 0) {
            if (count == MAX) {
                return;
            }
            System.arraycopy(starts, i, starts, i + 1, count - i);
            System.arraycopy(ends, i, ends, i + 1, count - i);
            count++;
        } else if (merged > 1) {
            System.arraycopy(starts, j, starts, i + 1, count - j);
            System.arraycopy(ends, j, ends, i + 1, count - j);
            count -= merged - 1;
        }
        starts[i] = s;
        ends[i] = e;
    }

    /** SND.UNA moved forward by {@code acked}: drop what is now cumulatively acknowledged. */
    void advance(int acked) {
        int keep = 0;
        for (int i = 0; i < count; i++) {
            int s = Math.max(starts[i] - acked, 0);
            int e = ends[i] - acked;
            if (e > 0) {
                starts[keep] = s;
                ends[keep] = e;
                keep++;
            }
        }
        count = keep;
        highRxt = Math.max(highRxt - acked, 0);
    }

    /** Octets above SND.UNA the peer holds. */
    long sackedBytes() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += ends[i] - starts[i];
        }
        return total;
    }

    /** Offset from SND.UNA of the highest octet SACKed, plus one; 0 when nothing is. */
    int highestSacked() {
        return count == 0 ? 0 : ends[count - 1];
    }

    /**
     * RFC 6675 §4 NextSeg() rule 1, simplified: the first octet at or above HighRxt that is not
     * SACKed and lies below the highest SACKed octet, or -1. Returns an offset from SND.UNA;
     * {@link #holeLength} tells how long the hole there is.
     */
    int nextHole() {
        int at = highRxt;
        for (int i = 0; i < count; i++) {
            if (at < starts[i]) {
                return at;
            }
            at = Math.max(at, ends[i]);
        }
        return -1;
    }

    int holeLength(int offset) {
        for (int i = 0; i < count; i++) {
            if (offset < starts[i]) {
                return starts[i] - offset;
            }
        }
        return 0;
    }

    void retransmitted(int endOffset) {
        highRxt = Math.max(highRxt, endOffset);
    }

    /**
     * RFC 6675 §4 SetPipe(), simplified: octets outstanding, less those SACKed and those in
     * holes below the highest SACK that are deemed lost and not yet retransmitted.
     */
    long pipe(long outstanding) {
        long lost = 0;
        int at = highRxt;
        for (int i = 0; i < count; i++) {
            if (at < starts[i]) {
                lost += starts[i] - at;
            }
            at = Math.max(at, ends[i]);
        }
        return Math.max(outstanding - sackedBytes() - lost, 0);
    }
}
