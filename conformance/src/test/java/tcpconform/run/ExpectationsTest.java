package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import tcpconform.model.Response;
import tcpconform.model.SegmentInput;
import tcpconform.model.TcpState;
import tcpconform.model.graph.Transition;
import tcpconform.model.profile.Profile;
import tcpconform.sut.Targets;

class ExpectationsTest {

    @Test
    void anEntryNamesAVerdictAStateWithAnInputAndAJustification() {
        Expectations e = Expectations.parse("test", "# comment\n\nDEVIATION\tESTABLISHED <R seq:in-window>\twhy not\n");
        assertTrue(e.expects("ESTABLISHED <R seq:in-window>", Verdict.DEVIATION));
        assertFalse(e.expects("ESTABLISHED <R seq:in-window>", Verdict.FAIL));
        assertFalse(e.expects("LISTEN <R seq:any>", Verdict.DEVIATION));
    }

    @Test
    void aVerdictWithAQuestionMarkIsExpectedWithoutBeingRequired() {
        Expectations e = Expectations.parse("test", "FAIL?\tLAST-ACK abort\tonly with data unsent\nFAIL\tCLOSING abort\twhy\n");
        assertTrue(e.expects("LAST-ACK abort", Verdict.FAIL));
        assertTrue(e.find("LAST-ACK abort").get(0).sometimes());
        assertFalse(e.find("CLOSING abort").get(0).sometimes());
    }

    @Test
    void aKeyListedWithTwoVerdictsExpectsEither() {
        Expectations e = Expectations.parse("test", "FAIL?\tFIN-WAIT-1 abort\tone way\nDEVIATION?\tFIN-WAIT-1 abort\tthe other\n");
        assertTrue(e.expects("FIN-WAIT-1 abort", Verdict.FAIL));
        assertTrue(e.expects("FIN-WAIT-1 abort", Verdict.DEVIATION));
        assertEquals("the other", e.find("FIN-WAIT-1 abort", Verdict.DEVIATION).orElseThrow().why());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("x.tsv", "FAIL\tLISTEN listen\ta\nFAIL\tLISTEN listen\tb\n"));
        assertEquals("x.tsv:2: 'LISTEN listen' is listed twice with FAIL", twice.getMessage());
    }

    @Test
    void aKeyWithAnEdgesConditionNamesThatEdgeOnly() {
        Expectations e = Expectations.parse("test", "FAIL\tSYN-RECEIVED <R seq:exact> [opened actively]\twhy\n");
        assertEquals("SYN-RECEIVED <R seq:exact> [opened actively]", e.keyOf(rstInSynReceived("opened actively")));
        assertEquals("SYN-RECEIVED <R seq:exact>", e.keyOf(rstInSynReceived("opened passively: back to LISTEN")));
    }

    @Test
    void aStepWhoseFindingsATimerOfTheTargetsOwnCausedIsListedUnderThatTimersKey() {
        Expectations e = Expectations.parse("test", "FAIL\tESTABLISHED timeout:persist\tits probes carry no data\n");
        Step probed = rstInSynReceived("opened actively");
        Step onItsOwn = new Step(1, probed.input(), probed.transition(), null, List.of(), List.of(), null, null,
                Verdict.FAIL, "", List.of(), List.of("MUST-36"), "ESTABLISHED timeout:persist", "3.8.6.1", 0);
        assertEquals("ESTABLISHED timeout:persist", e.keyOf(onItsOwn));
        assertTrue(e.mayList(onItsOwn));
        assertEquals("SYN-RECEIVED <R seq:exact>", e.keyOf(probed));
    }

    @Test
    void anEdgeWithAConditionIsListedUnderTheGeneralKeyWhenNoSpecificOneIs() {
        Expectations e = Expectations.parse("test", "FAIL\tSYN-RECEIVED <R seq:exact>\twhy\n");
        assertEquals("SYN-RECEIVED <R seq:exact>", e.keyOf(rstInSynReceived("opened actively")));
    }

    private static Step rstInSynReceived(String condition) {
        SegmentInput rst = SegmentInput.of(SegmentInput.Kind.RST, SegmentInput.SeqClass.EXACT, SegmentInput.AckClass.NONE, false);
        Transition edge = new Transition(TcpState.SYN_RECEIVED, rst, Response.NOTHING, TcpState.CLOSED, "3.10.7.4",
                List.of(), condition);
        return new Step(1, rst, edge, null, List.of(), List.of(), null, null, Verdict.FAIL, "", List.of(), List.of(), null, "3.10.7.4", 0);
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndReason() {
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("x.tsv", "FAIL\tonly two\n"));
        assertEquals("x.tsv:1: expected three tab-separated fields (verdict, STATE input, justification)", fields.getMessage());
        IllegalArgumentException verdict = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("x.tsv", "\nMAYBE\tLISTEN listen\twhy\n"));
        assertEquals("x.tsv:2: unknown verdict 'MAYBE'", verdict.getMessage());
        IllegalArgumentException pass = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("x.tsv", "PASS\tLISTEN listen\twhy\n"));
        assertTrue(pass.getMessage().contains("only FAIL, DEVIATION or INCONCLUSIVE"));
    }

    @Test
    void anExpectationThatNoLongerHappensIsUnexpected() {
        Expectations stale = Expectations.parse("stale.tsv", "FAIL\tESTABLISHED <. seq:exact ack:exact>\tno longer true\n");
        Campaign c = new Campaign(Profile.BASELINE, Targets.own(Profile.BASELINE), stale);
        Tally t = c.run(new Campaign.Settings(Profile.BASELINE, EnumSet.of(Campaign.Suite.SCENARIOS), 0, 1, 30), r -> { });
        assertEquals(1, t.staleExpectations().size(), t.staleExpectations().toString());
        assertTrue(t.staleExpectations().get(0).contains("no longer happens"));
    }

    @Test
    void anExpectationThatHappensOnlySometimesIsNotReportedWhenItDoesNot() {
        Expectations sometimes = Expectations.parse("sometimes.tsv", "FAIL?\tESTABLISHED <. seq:exact ack:exact>\tafter some histories\n");
        Campaign c = new Campaign(Profile.BASELINE, Targets.own(Profile.BASELINE), sometimes);
        Tally t = c.run(new Campaign.Settings(Profile.BASELINE, EnumSet.of(Campaign.Suite.SCENARIOS), 0, 1, 30), r -> { });
        assertEquals(List.of(), t.staleExpectations());
        assertEquals(0, t.unexpectedCount());
    }

    @Test
    void withoutItsExpectationsTheOwnStacksKnownDeviationIsUnexpected() {
        Campaign c = new Campaign(Profile.BASELINE, Targets.own(Profile.BASELINE), Expectations.none());
        Tally t = c.run(new Campaign.Settings(Profile.BASELINE, EnumSet.of(Campaign.Suite.WALKS), 300, 1, 30), r -> { });
        assertTrue(t.unexpected().stream().anyMatch(r -> r.unexpected().contains("TIMED_OUT")), t.unexpected().toString());
    }
}
