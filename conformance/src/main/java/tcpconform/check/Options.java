package tcpconform.check;

/**
 * The TCP options of a segment that the checks look at (RFC 9293 §3.1, §3.2; RFC 7323; RFC 2018).
 * A value of -1 means the option is absent.
 *
 * @param mss       MSS (kind 2)
 * @param wscale    window scale shift (kind 3)
 * @param sackOk    SACK-permitted (kind 4)
 * @param sackBlocks the number of SACK blocks (kind 5), 0 if none
 * @param tsVal     TSval of the timestamps option (kind 8), -1 if absent
 * @param malformed what is wrong with the option list (a length below 2 or beyond the header),
 *                  or null if nothing
 */
record Options(int mss, int wscale, boolean sackOk, int sackBlocks, long tsVal, String malformed) {

    static final Options NONE = new Options(-1, -1, false, 0, -1, null);

    boolean timestamps() {
        return tsVal >= 0;
    }

    /** Reads the options area {@code [from, to)} of a TCP header. */
    static Options parse(byte[] b, int from, int to) {
        if (from >= to) {
            return NONE;
        }
        int mss = -1;
        int ws = -1;
        boolean sackOk = false;
        int sack = 0;
        long ts = -1;
        String malformed = null;
        int p = from;
        while (p < to) {
            int kind = b[p] & 0xFF;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                p++;
                continue;
            }
            if (p + 1 >= to) {
                malformed = "option " + kind + " has no length octet";
                break;
            }
            int len = b[p + 1] & 0xFF;
            if (len < 2 || p + len > to) {
                malformed = "option " + kind + " has length " + len;
                break;
            }
            switch (kind) {
                case 2 -> mss = len == 4 ? ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF) : mss;
                case 3 -> ws = len == 3 ? b[p + 2] & 0xFF : ws;
                case 4 -> sackOk = len == 2 || sackOk;
                case 5 -> sack = (len - 2) / 8;
                case 8 -> ts = len == 10 ? ((b[p + 2] & 0xFFL) << 24) | ((b[p + 3] & 0xFFL) << 16)
                        | ((b[p + 4] & 0xFFL) << 8) | (b[p + 5] & 0xFFL) : ts;
                default -> {
                    // Options the checks do not need are skipped by their length (MUST-6).
                }
            }
            p += len;
        }
        if (mss < 0 && ws < 0 && !sackOk && sack == 0 && ts < 0 && malformed == null) {
            return NONE;
        }
        return new Options(mss, ws, sackOk, sack, ts, malformed);
    }

    /**
     * Adds tcpdump's notation to a line, after a space, if there are options to show: e.g.
     * {@code  <mss 1460,sackOK,TS val 5,wscale 7>} (without nops).
     */
    Text tcpdump(Text t) {
        if (mss < 0 && wscale < 0 && !sackOk && sackBlocks == 0 && tsVal < 0 && malformed == null) {
            return t;
        }
        char separator = '<';
        t.add(' ');
        if (mss >= 0) {
            t.add(separator).add("mss ").add(mss);
            separator = ',';
        }
        if (sackOk) {
            t.add(separator).add("sackOK");
            separator = ',';
        }
        if (sackBlocks > 0) {
            t.add(separator).add("sack ").add(sackBlocks);
            separator = ',';
        }
        if (tsVal >= 0) {
            t.add(separator).add("TS val ").add(tsVal);
            separator = ',';
        }
        if (wscale >= 0) {
            t.add(separator).add("wscale ").add(wscale);
            separator = ',';
        }
        if (malformed != null) {
            t.add(separator).add("malformed");
        }
        return t.add('>');
    }
}
