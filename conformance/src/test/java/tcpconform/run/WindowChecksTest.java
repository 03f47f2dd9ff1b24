package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import tcpconform.codec.TcpOption;
import tcpconform.codec.WireSegment;
import tcpconform.model.Call;
import tcpconform.sut.Endpoints;

/** §3.8.6 SHLD-14 over a whole case: the right edge of the target's window never moves left. */
class WindowChecksTest {

    private final List<Step> steps = new ArrayList<>();

    @Test
    void aWindowThatOnlyMovesRightPasses() {
        testerSyn(false);
        target(WireSegment.SYN | WireSegment.ACK, 5001, 64240, List.of());
        target(WireSegment.ACK, 5101, 64140, List.of());
        target(WireSegment.ACK, 5101, 64240, List.of());
        assertEquals(Optional.empty(), WindowChecks.NEVER_SHRINKS.finding().apply(steps));
    }

    @Test
    void aRightEdgeThatMovesLeftIsADeviationOfShld14() {
        testerSyn(false);
        target(WireSegment.SYN | WireSegment.ACK, 5001, 64240, List.of());
        target(WireSegment.ACK, 5101, 64000, List.of());
        String finding = WindowChecks.NEVER_SHRINKS.finding().apply(steps).orElseThrow();
        assertTrue(finding.contains("moved left from 69241 to 69101"), finding);
        assertEquals(List.of("SHLD-14"), WindowChecks.NEVER_SHRINKS.requirements());
    }

    @Test
    void aWindowScaledOnlyWhenBothSynsOfferedItIsReadWithTheShift() {
        testerSyn(true);
        target(WireSegment.SYN | WireSegment.ACK, 5001, 64240, List.of(TcpOption.windowScale(7)));
        target(WireSegment.ACK, 5001, 502, List.of());
        assertEquals(Optional.empty(), WindowChecks.NEVER_SHRINKS.finding().apply(steps));
        assertEquals(Optional.empty(), WindowChecks.SCALED_ONLY_WHEN_AGREED.finding().apply(steps));
    }

    @Test
    void aWindowScaledThoughTheTesterOfferedNoScalingIsToldApartFromAShrinkingOne() {
        testerSyn(false);
        target(WireSegment.SYN | WireSegment.ACK, 5001, 64240, List.of(TcpOption.windowScale(10)));
        target(WireSegment.ACK, 5002, 63, List.of());
        target(WireSegment.ACK, 5002, 63, List.of());
        assertTrue(WindowChecks.SCALED_ONLY_WHEN_AGREED.finding().apply(steps).orElseThrow().contains("shift of 10"));
        assertEquals(Optional.empty(), WindowChecks.NEVER_SHRINKS.finding().apply(steps));
    }

    private void testerSyn(boolean scale) {
        List<TcpOption> options = scale ? List.of(TcpOption.mss(1460), TcpOption.windowScale(7)) : List.of(TcpOption.mss(1460));
        WireSegment syn = new WireSegment(Endpoints.TESTER, Endpoints.TESTER_PORT, Endpoints.TARGET, Endpoints.TARGET_PORT,
                5000, 0, WireSegment.SYN, 65535, 0, options, new byte[0], true);
        steps.add(step(new Step.Observed(syn, new byte[0], 0, ""), List.of()));
    }

    private void target(int flags, long ack, int window, List<TcpOption> options) {
        WireSegment w = new WireSegment(Endpoints.TARGET, Endpoints.TARGET_PORT, Endpoints.TESTER, Endpoints.TESTER_PORT,
                1000, ack, flags, window, 0, options, new byte[0], true);
        steps.add(step(null, List.of(new Step.Observed(w, new byte[0], 0, ""))));
    }

    private Step step(Step.Observed injected, List<Step.Observed> observed) {
        return new Step(steps.size(), Call.RECEIVE, null, injected, observed, List.of(), null, null, Verdict.PASS, "",
                List.of(), List.of(), null, "3.8.6", 0);
    }
}
