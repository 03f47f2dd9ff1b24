package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.graph.StateGraph;
import tcpconform.model.profile.Profile;
import tcpconform.sut.ForwardingTarget;
import tcpconform.sut.OwnStackTarget;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.TargetFactory;
import tcpconform.sut.Targets;

/** The scenarios that turn on delayed ACKs and Nagle: the own stack passes, and targets without them are caught. */
class TimingScenariosTest {

    private static final Profile PROFILE = Profile.BASELINE;

    @Test
    @DisplayName("§3.8.1 MUST-19: a doubled interval passes within the wall clock's slack; a constant or 1.5-fold one fails")
    void backoffIsJudgedWithinTheWallClocksSlack() {
        assertTrue(Scenarios.doubled(200, 400));
        assertTrue(Scenarios.doubled(266, 452), "the kernel's RTOs as a CI run measured them");
        assertTrue(!Scenarios.doubled(3000, 3000) && !Scenarios.doubled(1000, 1000) && !Scenarios.doubled(1000, 1500));
    }

    @Test
    @DisplayName("§3.8.6.3: the own stack delays the ACK of small segments by 200 ms, within the 500 ms of MUST-40")
    void theOwnStackDelaysTheAckOfALoneSegment() {
        CaseResult r = run("delayed-ack", Targets.own(PROFILE));
        assertEquals(Verdict.PASS, r.verdict(), r.unexpected() + r.checks());
        Step data = r.steps().get(3);
        Step receive = r.steps().get(r.steps().size() - 1);
        assertTrue(data.observed().isEmpty(), "nothing is sent at once: " + data.observed());
        assertEquals(data.time() + 200, receive.observed().get(0).time(), "one ACK for the stream, 200 ms after its first segment");
    }

    @Test
    @DisplayName("§3.8.6.3 SHLD-19: the own stack acknowledges the second full-sized segment at once")
    void theOwnStackAcknowledgesTheSecondFullSizedSegmentAtOnce() {
        CaseResult r = run("delayed-ack-full-sized", Targets.own(PROFILE));
        assertEquals(Verdict.PASS, r.verdict(), r.unexpected() + r.checks());
        assertEquals(1460, r.steps().get(3).injected().segment().payload().length);
        assertEquals(1, r.steps().get(4).observed().size(), "one ACK for both segments");
    }

    @Test
    @DisplayName("§3.7.4 SHLD-7: the own stack's Nagle holds the second small segment until the first is acknowledged")
    void theOwnStacksNagleHoldsTheSecondSmallSegment() {
        CaseResult r = run("nagle", Targets.own(PROFILE));
        assertEquals(Verdict.PASS, r.verdict(), r.unexpected() + r.checks());
        assertEquals(100, r.steps().get(5).observed().get(0).segment().payload().length, "sent when the ACK came");
    }

    @Test
    @DisplayName("A target that acknowledges every segment at once is a deviation from SHLD-18")
    void aTargetWithoutDelayedAcksDeviatesFromShld18() {
        CaseResult r = run("delayed-ack", ignoringTuning());
        assertEquals(Verdict.DEVIATION, r.verdict());
        assertEquals(List.of("SHLD-18"), failed(r).requirements());
    }

    @Test
    @DisplayName("A target without Nagle is a deviation from SHLD-7")
    void aTargetWithoutNagleDeviatesFromShld7() {
        CaseResult r = run("nagle", ignoringTuning());
        assertEquals(Verdict.DEVIATION, r.verdict());
        assertEquals(List.of("SHLD-7"), failed(r).requirements());
    }

    @Test
    @DisplayName("A delayed ACK that has not come after 500 ms fails MUST-40")
    void aDelayedAckThatNeverComesFailsMust40() {
        CaseResult r = run("delayed-ack", TargetFactory.of("forgetful",
                (seed, tuning) -> new ForgetsDelayedAcks(OwnStackTarget.forProfile(PROFILE, seed, tuning))));
        assertEquals(Verdict.FAIL, r.verdict());
        Step receive = r.steps().get(r.steps().size() - 1);
        assertTrue(receive.requirements().contains("MUST-40"), receive.requirements().toString());
        assertTrue(receive.finding().startsWith("missing ."), receive.finding());
    }

    private static CaseResult run(String scenario, TargetFactory target) {
        Case c = Scenarios.all(PROFILE, 1).stream().filter(s -> s.name().equals(scenario)).findFirst().orElseThrow();
        return new Runner(StateGraph.of(PROFILE), target, Expectations.bundled("own")).run(c);
    }

    private static CaseResult.CheckOutcome failed(CaseResult r) {
        return r.checks().stream().filter(o -> o.verdict().isFinding()).findFirst().orElseThrow();
    }

    /** The own stack with the model's settings, whatever the case asks for. */
    private static TargetFactory ignoringTuning() {
        return TargetFactory.of("untuned", (seed, tuning) -> OwnStackTarget.forProfile(PROFILE, seed));
    }

    /** The own stack, except that what it sends while idle is lost: its delayed ACKs never arrive. */
    private static final class ForgetsDelayedAcks extends ForwardingTarget {
        ForgetsDelayedAcks(SystemUnderTest stack) {
            super(stack);
        }

        @Override
        public String name() {
            return "forgetful";
        }

        @Override
        public String description() {
            return "loses delayed ACKs";
        }

        @Override
        public void idle(long millis) {
            inner.idle(millis);
            inner.sent();
        }
    }
}
