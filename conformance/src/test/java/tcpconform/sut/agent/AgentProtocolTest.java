package tcpconform.sut.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.profile.Profile;
import tcpconform.run.Campaign;
import tcpconform.run.Expectations;
import tcpconform.sut.CannotTake;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.TargetFactory;
import tcpconform.sut.Targets;
import tcpconform.sut.agent.AgentProtocol.Frame;

/** The agent protocol (docs/agent-protocol.md): the reference agent holds it, and broken agents fail with a reason. */
class AgentProtocolTest {

    /** The own stack as an agent, in a JVM of its own on this test's class path. */
    static final String OWN_AGENT = Path.of(System.getProperty("java.home"), "bin", "java") + " -cp '"
            + System.getProperty("java.class.path") + "' " + OwnStackAgent.class.getName();

    @Test
    @DisplayName("The own stack's agent passes every check of the protocol's conversation")
    void theReferenceAgentHoldsTheConversation() {
        List<AgentCheck.Result> results = AgentCheck.run(OWN_AGENT);
        assertTrue(results.size() >= 15, results::toString);
        assertTrue(results.stream().allMatch(r -> r.outcome() == AgentCheck.Outcome.PASS), results::toString);
    }

    @Test
    @DisplayName("An agent that exits at once fails the first check, with its exit status")
    void anAgentThatExitsFailsWithItsStatus() {
        List<AgentCheck.Result> results = AgentCheck.run("echo gone >&2; exit 3");
        assertEquals(1, results.size());
        assertEquals(AgentCheck.Outcome.FAIL, results.get(0).outcome());
        assertTrue(results.get(0).detail().contains("status 3"), results.get(0).detail());
    }

    @Test
    @DisplayName("An agent whose output is not framed fails with what was wrong")
    void anAgentThatSendsGarbageFails() {
        List<AgentCheck.Result> results = AgentCheck.run("printf '\\377\\377\\377\\377'; sleep 5");
        assertEquals(AgentCheck.Outcome.FAIL, results.get(0).outcome());
        assertTrue(results.get(0).detail().contains("framing"), results.get(0).detail());
    }

    @Test
    @DisplayName("An agent that never answers fails when its bound runs out, and is killed")
    void anAgentThatHangsFailsWithinTheBound() {
        AgentProcess p = AgentProcess.start("sleep 30");
        long start = System.nanoTime();
        AgentFailure f = assertThrows(AgentFailure.class, () -> p.request(Frame.text(AgentProtocol.HELLO,
                AgentProtocol.GREETING), 300, List.of(AgentProtocol.HELLO), x -> { }));
        assertTrue(f.getMessage().contains("within 300 ms"), f.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertTrue(!p.healthy());
    }

    @Test
    @DisplayName("A HELLO of another protocol version is refused, naming both versions")
    void anotherVersionIsRefused() {
        AgentFailure f = assertThrows(AgentFailure.class, () -> Hello.parse("tcpconform-agent 2\nname=x"));
        assertTrue(f.getMessage().contains("tcpconform-agent 2") && f.getMessage().contains("tcpconform-agent 1"),
                f.getMessage());
    }

    @Test
    @DisplayName("A HELLO's data=yes lets the harness judge the application's octets; without it they are not judged")
    void dataYesMakesTheOctetsVisible() {
        assertTrue(Hello.parse("tcpconform-agent 1\nname=x\ncalls=send\ndata=yes").capabilities().dataVisible());
        assertFalse(Hello.parse("tcpconform-agent 1\nname=x\ncalls=send").capabilities().dataVisible());
    }

    @Test
    @DisplayName("An input to an agent that has died is INCONCLUSIVE with the reason, not an exception")
    void aDeadAgentMakesTheStepInconclusive() {
        TargetFactory f = AgentTargets.command("agent:own", OWN_AGENT);
        try (SystemUnderTest t = f.open(1, SystemUnderTest.Tuning.MODEL)) {
            t.call(Call.LISTEN);
            ((AgentTarget) t).process().kill();
            CannotTake e = assertThrows(CannotTake.class, () -> t.call(Call.CONNECT));
            assertTrue(e.getMessage().startsWith("agent"), e.getMessage());
        } finally {
            f.release();
        }
    }

    @Test
    @DisplayName("A campaign through the own stack's agent gets the verdicts the own stack gets in process")
    void theAgentPathChangesNoVerdict() {
        Profile p = Profile.BASELINE;
        assertEquals(outcomes(Targets.own(p)), outcomes(AgentTargets.command("agent:own", OWN_AGENT)));
    }

    @Test
    @DisplayName("Releasing an agent target ends its processes")
    void releasingTheTargetEndsItsAgents() {
        TargetFactory f = AgentTargets.command("agent:own", OWN_AGENT);
        f.open(1, SystemUnderTest.Tuning.MODEL).close();
        assertTrue(ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive));
        f.release();
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
    }

    private static List<String> outcomes(TargetFactory target) {
        Campaign campaign = new Campaign(Profile.BASELINE, target, Expectations.bundled("own"));
        List<String> seen = new ArrayList<>();
        try {
            campaign.run(new Campaign.Settings(Profile.BASELINE, EnumSet.of(Campaign.Suite.SCENARIOS), 0, 7, 30),
                    r -> seen.add(r.name() + " " + r.verdict() + " " + r.steps().size()));
        } finally {
            target.release();
        }
        return seen;
    }
}
