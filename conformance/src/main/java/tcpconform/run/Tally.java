package tcpconform.run;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tcpconform.model.TcpState;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;

/**
 * What a campaign found, accumulated case by case: verdicts, unexpected outcomes, how often each
 * transition was exercised and with what result, and the status of every RFC 9293 requirement.
 */
public final class Tally {

    /** Where a requirement stands for a target. */
    public enum Status {
        /** Exercised, and never broken. */
        MET,
        /** A MUST broken at least once. */
        VIOLATED,
        /** A SHOULD or RECOMMENDED not followed at least once. */
        DEVIATION,
        /** No check exercised it. */
        NOT_EXERCISED;

        public String lower() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** How one transition fared. */
    public static final class Use {
        private int runs;
        private int findings;

        public int runs() {
            return runs;
        }

        public int findings() {
            return findings;
        }
    }

    private final StateGraph graph;
    private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    private final Map<Transition, Use> uses = new IdentityHashMap<>();
    private final Map<String, Status> requirements = new LinkedHashMap<>();
    private final List<CaseResult> unexpected = new ArrayList<>();
    private final List<String> staleExpectations = new ArrayList<>();
    private final Map<Transition, String> unreached = new LinkedHashMap<>();
    private final boolean[] states = new boolean[TcpState.values().length];
    private int cases;
    private long steps;

    public Tally(StateGraph graph) {
        this.graph = graph;
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, 0);
        }
        for (Transition t : graph.transitions()) {
            uses.put(t, new Use());
        }
        for (Requirement r : RequirementCatalogue.rfc9293().all()) {
            requirements.put(r.label(), Status.NOT_EXERCISED);
        }
    }

    /** Adds a case's outcome. */
    public void add(CaseResult c) {
        cases++;
        verdicts.merge(c.verdict(), 1, Integer::sum);
        if (c.isUnexpected()) {
            unexpected.add(c);
        }
        for (Step s : c.steps()) {
            steps++;
            if (s.transition() != null && s.verdict() != Verdict.INCONCLUSIVE) {
                // An input the target could not take did not exercise the transition.
                Use u = uses.get(s.transition());
                if (u != null) {
                    u.runs++;
                    if (s.verdict().isFinding()) {
                        u.findings++;
                    }
                }
                states[s.transition().from().ordinal()] = true;
                states[s.transition().to().ordinal()] = true;
            }
            for (String label : s.requirements()) {
                // A finding holds against the labels it names; the step met the others it exercised.
                boolean broken = s.verdict() == Verdict.FAIL || s.verdict() == Verdict.DEVIATION;
                record(label, broken && !s.violated().contains(label) ? Verdict.PASS : s.verdict(), s.violated());
            }
        }
        for (CaseResult.CheckOutcome check : c.checks()) {
            for (String label : check.requirements()) {
                record(label, check.verdict(), check.requirements());
            }
        }
    }

    /**
     * Records one verdict on one label. A broken MUST is violated, a broken SHOULD a deviation. A
     * MAY is a choice and not following it is no fault, unless the finding holds against MAYs alone:
     * then the target took up the option and got it wrong (e.g. sent a malformed MAY-feature), which
     * is a violation.
     */
    private void record(String label, Verdict verdict, List<String> heldAgainst) {
        Requirement r = RequirementCatalogue.rfc9293().get(label);
        Status now = requirements.get(label);
        Status seen;
        if (verdict == Verdict.FAIL || verdict == Verdict.DEVIATION) {
            seen = switch (r.level()) {
                case MUST -> Status.VIOLATED;
                case MAY -> heldAgainst.stream().allMatch(l -> RequirementCatalogue.rfc9293().get(l).level()
                        == Requirement.Level.MAY) ? Status.VIOLATED : Status.MET;
                default -> Status.DEVIATION;
            };
        } else if (verdict == Verdict.INCONCLUSIVE) {
            return;
        } else {
            seen = Status.MET;
        }
        if (now == Status.NOT_EXERCISED || rank(seen) > rank(now)) {
            requirements.put(label, seen);
        }
    }

    private static int rank(Status s) {
        return switch (s) {
            case NOT_EXERCISED -> -1;
            case MET -> 0;
            case DEVIATION -> 1;
            case VIOLATED -> 2;
        };
    }

    /** A transition the campaign could not exercise, and why. */
    public void addUnreached(Transition t, String why) {
        unreached.put(t, why);
    }

    /** The transitions the campaign could not exercise, in the graph's order, each with the reason. */
    public Map<Transition, String> unreached() {
        return java.util.Collections.unmodifiableMap(unreached);
    }

    /** An expectation that was listed but whose key never produced the listed verdict although it was exercised. */
    public void addStale(String description) {
        staleExpectations.add(description);
    }

    public StateGraph graph() {
        return graph;
    }

    public int cases() {
        return cases;
    }

    public long steps() {
        return steps;
    }

    public int verdict(Verdict v) {
        return verdicts.get(v);
    }

    public List<CaseResult> unexpected() {
        return List.copyOf(unexpected);
    }

    public List<String> staleExpectations() {
        return List.copyOf(staleExpectations);
    }

    /** Unexpected outcomes: cases, and expectations that no longer happen. */
    public int unexpectedCount() {
        return unexpected.size() + staleExpectations.size();
    }

    public Use use(Transition t) {
        return uses.get(t);
    }

    public int transitionsCovered() {
        return (int) uses.values().stream().filter(u -> u.runs > 0).count();
    }

    public int transitionsTotal() {
        return uses.size();
    }

    public int statesCovered() {
        int n = 0;
        for (boolean b : states) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Every requirement label with its status, in catalogue order. */
    public Map<String, Status> requirements() {
        return java.util.Collections.unmodifiableMap(requirements);
    }

    public long requirementsWith(Status s) {
        return requirements.values().stream().filter(x -> x == s).count();
    }

    public long requirementsExercised() {
        return requirements.values().stream().filter(x -> x != Status.NOT_EXERCISED).count();
    }
}
