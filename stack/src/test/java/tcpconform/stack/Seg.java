package tcpconform.stack;

import java.nio.charset.StandardCharsets;

import tcpconform.stack.wire.Segment;

/**
 * A segment for tests, written as a template plus the fields that matter (as packetdrill and
 * packetimpact do): to send, unset fields take defaults; to expect, unset fields match anything.
 */
final class Seg {

    final int flags;
    Integer seq;
    Integer ack;
    Integer window;
    Integer urgentPointer;
    byte[] data = new byte[0];
    Integer mss;
    Integer windowScale;
    boolean sackPermitted;
    Integer tsVal;
    Integer tsEcr;
    int[] sack = new int[0];
    Integer length;

    private Seg(int flags) {
        this.flags = flags;
    }

    static Seg syn() {
        return new Seg(Segment.SYN);
    }

    static Seg synAck() {
        return new Seg(Segment.SYN | Segment.ACK);
    }

    static Seg ack() {
        return new Seg(Segment.ACK);
    }

    static Seg pshAck() {
        return new Seg(Segment.ACK | Segment.PSH);
    }

    static Seg finAck() {
        return new Seg(Segment.FIN | Segment.ACK);
    }

    static Seg rst() {
        return new Seg(Segment.RST);
    }

    static Seg rstAck() {
        return new Seg(Segment.RST | Segment.ACK);
    }

    static Seg flags(int flags) {
        return new Seg(flags);
    }

    Seg seq(int v) {
        seq = v;
        return this;
    }

    Seg ack(int v) {
        ack = v;
        return this;
    }

    Seg window(int v) {
        window = v;
        return this;
    }

    Seg urgent(int pointer) {
        urgentPointer = pointer;
        return this;
    }

    Seg data(String text) {
        return data(text.getBytes(StandardCharsets.US_ASCII));
    }

    Seg data(byte[] bytes) {
        data = bytes;
        length = bytes.length;
        return this;
    }

    /** For expectations: only the payload length matters. */
    Seg length(int n) {
        length = n;
        return this;
    }

    Seg mss(int v) {
        mss = v;
        return this;
    }

    Seg windowScale(int v) {
        windowScale = v;
        return this;
    }

    Seg sackPermitted() {
        sackPermitted = true;
        return this;
    }

    Seg timestamps(int val, int ecr) {
        tsVal = val;
        tsEcr = ecr;
        return this;
    }

    Seg sack(int... edges) {
        sack = edges;
        return this;
    }

    /** Fills {@code s} to be sent; the caller sets addresses and ports. */
    void fill(Segment s) {
        s.clearBody();
        s.flags = flags | (urgentPointer != null ? Segment.URG : 0);
        s.seq = seq == null ? 0 : seq;
        s.ack = ack == null ? 0 : ack;
        s.window = window == null ? 65535 : window;
        s.urgentPointer = urgentPointer == null ? 0 : urgentPointer;
        s.mss = mss == null ? Segment.ABSENT : mss;
        s.windowScale = windowScale == null ? Segment.ABSENT : windowScale;
        s.sackPermitted = sackPermitted;
        if (tsVal != null) {
            s.timestamps = true;
            s.tsVal = tsVal;
            s.tsEcr = tsEcr;
        }
        s.sackBlocks = sack.length / 2;
        for (int i = 0; i < s.sackBlocks; i++) {
            s.sackLeft[i] = sack[2 * i];
            s.sackRight[i] = sack[2 * i + 1];
        }
        s.payload = data;
        s.payloadOffset = 0;
        s.payloadLength = data.length;
    }

    /** Why {@code s} does not match this template, or null when it does. */
    String mismatch(Segment s) {
        int expectedFlags = flags | (urgentPointer != null ? Segment.URG : 0);
        if ((s.flags & ~Segment.PSH) != (expectedFlags & ~Segment.PSH)) {
            return "flags";
        }
        if (seq != null && s.seq != seq) {
            return "seq";
        }
        if (ack != null && s.ack != ack) {
            return "ack";
        }
        if (window != null && s.window != window) {
            return "window";
        }
        if (urgentPointer != null && s.urgentPointer != urgentPointer) {
            return "urgent pointer";
        }
        if (length != null && s.payloadLength != length) {
            return "length";
        }
        if (mss != null && s.mss != mss) {
            return "mss";
        }
        if (windowScale != null && s.windowScale != windowScale) {
            return "window scale";
        }
        return null;
    }

    @Override
    public String toString() {
        Segment s = new Segment();
        fill(s);
        return s.toString().replaceFirst("^.*?: ", "");
    }
}
