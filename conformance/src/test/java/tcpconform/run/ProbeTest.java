package tcpconform.run;

import org.junit.jupiter.api.Test;

import tcpconform.model.graph.StateGraph;
import tcpconform.model.path.TestCase;
import tcpconform.model.path.TransitionTour;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Reference;
import tcpconform.target.OwnStackTarget;
import tcpconform.target.SystemUnderTest;
import tcpconform.target.TargetFactory;

class ProbeTest {
    @Test
    void probe() {
        for (Profile profile : Profile.known()) {
            if (profile == Profile.LINUX) continue;
            StateGraph g = StateGraph.of(profile);
            TargetFactory f = new TargetFactory() {
                public String name() { return "own"; }
                public SystemUnderTest open(long seed) { return OwnStackTarget.forProfile(profile, seed); }
            };
            Runner r = new Runner(g, f, Expectations.none());
            int n = 0, bad = 0;
            for (TestCase t : TransitionTour.cases(g, () -> new Reference(profile, 1000, 5000))) {
                CaseResult res = r.run(Case.of("tour", t, 5000, n++));
                if (res.verdict().isFinding()) {
                    bad++;
                    Step last = res.steps().get(res.steps().size() - 1);
                    System.out.println(profile.name() + " " + res.name() + " " + res.verdict() + " at " + Runner.key(last) + ": " + last.finding()
                        + "\n" + res.steps().stream().map(st -> "      " + st.input().label() + " => " + st.observed().stream().map(o -> o.segment() == null ? o.note() : o.segment().concrete().tcpdump()).toList() + " " + st.signals() + " " + st.state()).reduce("", (a, b) -> a + b + "\n")
                        + "\n    expected " + last.expected() + "\n    observed " + last.observed().stream().map(o -> o.segment() == null ? o.note() : o.segment().tcpdump()).toList());
                }
            }
            System.out.println(profile.name() + ": " + n + " cases, " + bad + " with findings");
        }
    }
}
