package tcpconform.run;

import java.util.List;
import java.util.Optional;

import tcpconform.codec.TcpOption;
import tcpconform.codec.WireSegment;
import tcpconform.model.reference.Seq;

/**
 * Checks every case gets, on the window the target offers over the whole case. The model leaves
 * the window's size to the target but not its movement: "A TCP receiver SHOULD NOT shrink the
 * window, i.e., move the right window edge to the left (SHLD-14)" (§3.8.6). The right edge is
 * SEG.ACK + SEG.WND; a window is scaled only when both SYNs of the connection carried the window
 * scale option, and never on a SYN (RFC 7323, §2.2 and §2.3). A target that scales its window
 * although the tester's SYN did not offer it shows the tester a window that shrinks; that is told
 * apart, as its own finding, and later windows are read with the target's shift.
 */
final class WindowChecks {

    static final Case.Check NEVER_SHRINKS = new Case.Check("3.8.6", List.of("SHLD-14"),
            "the window's right edge never moves left", steps -> scan(steps).shrunk);

    static final Case.Check SCALED_ONLY_WHEN_AGREED = new Case.Check("3.8.6", List.of("SHLD-14"),
            "the window is scaled only when both SYNs offered scaling (RFC 7323 §2.2)", steps -> scan(steps).unagreed);

    static final List<Case.Check> ALL = List.of(NEVER_SHRINKS, SCALED_ONLY_WHEN_AGREED);

    private WindowChecks() {
    }

    private static final class Scan {
        Optional<String> shrunk = Optional.empty();
        Optional<String> unagreed = Optional.empty();
        /** Whether the tester's last SYN offered window scaling. */
        boolean testerOffered;
        /** The shift the target's last SYN announced, or -1. */
        int targetShift = -1;
        /** The shift the target's windows are read with. */
        int readShift;
        /** The right edge the target last offered, or -1 before its first ACK of a connection. */
        long edge = -1;
    }

    private static Scan scan(List<Step> steps) {
        Scan s = new Scan();
        for (Step step : steps) {
            if (step.injected() != null && step.injected().segment() != null && step.injected().segment().syn()) {
                s.testerOffered = step.injected().segment().option(TcpOption.WINDOW_SCALE).isPresent();
                s.readShift = s.testerOffered && s.targetShift > 0 ? s.targetShift : 0;
            }
            for (Step.Observed o : step.observed()) {
                if (o.segment() != null) {
                    targetSent(s, o.segment(), step.index());
                }
            }
        }
        return s;
    }

    private static void targetSent(Scan s, WireSegment w, int step) {
        if (w.syn()) {
            s.targetShift = w.option(TcpOption.WINDOW_SCALE).map(o -> (int) Math.min(o.value(), 14)).orElse(-1);
            s.readShift = s.testerOffered && s.targetShift > 0 ? s.targetShift : 0;
            s.edge = -1;
        }
        if (!w.ack() || w.rst() || !w.checksumValid()) {
            return;
        }
        long edge = Seq.add(w.ackNo(), w.syn() ? w.window() : (long) w.window() << s.readShift);
        if (s.edge >= 0 && Seq.lt(edge, s.edge)) {
            long scaled = Seq.add(w.ackNo(), (long) w.window() << Math.max(s.targetShift, 0));
            if (!w.syn() && s.readShift == 0 && s.targetShift > 0 && !Seq.lt(scaled, s.edge)) {
                if (s.unagreed.isEmpty()) {
                    s.unagreed = Optional.of("step " + (step + 1) + ": the target announced a shift of " + s.targetShift
                            + " and the tester's SYN none, yet its window of " + w.window() + " is scaled: unscaled, its"
                            + " right edge moved left from " + s.edge + " to " + edge + ": " + w.tcpdump());
                }
                s.readShift = s.targetShift;
                edge = scaled;
            } else if (s.shrunk.isEmpty()) {
                s.shrunk = Optional.of("step " + (step + 1) + ": the right edge moved left from " + s.edge + " to " + edge
                        + ": " + w.tcpdump());
            }
        }
        if (s.edge < 0 || Seq.gt(edge, s.edge)) {
            s.edge = edge;
        }
    }
}
