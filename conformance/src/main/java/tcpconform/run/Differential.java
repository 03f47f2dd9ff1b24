package tcpconform.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import tcpconform.codec.WireSegment;

/**
 * Differential mode: the same cases run against several targets, compared step by step. Where
 * the targets behave differently, the first step that shows it is a difference, with the
 * transition's section and requirements, so that a reader sees at once what one stack does and
 * another does not. Sequence numbers differ between targets (each chooses its ISN), so a step's
 * behaviour is its verdict, the control bits and presence of data of what the target sent, what
 * its application was told and the state it reports; the verdict says whether the numbers were
 * right.
 */
public final class Differential {

    /** What one target did in one step. */
    public record Behaviour(Verdict verdict, String sent, String told, String state, String finding) {

        boolean sameAs(Behaviour o) {
            return verdict == o.verdict && sent.equals(o.sent) && told.equals(o.told) && state.equals(o.state);
        }

        /** A step the target never reached: its case had stopped at an earlier finding. */
        static final Behaviour NOT_REACHED = new Behaviour(null, "", "", "", "not reached: the case had stopped");
    }

    /**
     * A case the targets did differently, at its first differing step.
     *
     * @param caseName     the case
     * @param step         the step, from 1; 0 for a check over the whole case
     * @param input        the state and input of the step, as in the replay lines
     * @param section      the RFC 9293 section of the transition
     * @param requirements the requirement labels it bears on
     * @param byTarget     each target's behaviour, in the order the targets were given
     */
    public record Difference(String caseName, int step, String input, String section, List<String> requirements,
                             Map<String, Behaviour> byTarget) {
    }

    /** The outcome of a comparison: the differences, and how many cases could be compared. */
    public record Comparison(List<Difference> differences, int compared, int notCompared) {
    }

    private Differential() {
    }

    /**
     * Compares the targets' results case by case. Only cases with the same name and the same
     * inputs in every target are compared (a shrunk walk, or a later round of the tour, depends on
     * what the target did).
     *
     * @param results each target's results by case name, in the order the targets were given
     */
    public static Comparison compare(Map<String, Map<String, CaseResult>> results) {
        List<String> targets = new ArrayList<>(results.keySet());
        Map<String, CaseResult> first = results.get(targets.get(0));
        List<Difference> differences = new ArrayList<>();
        int compared = 0;
        int notCompared = 0;
        for (Map.Entry<String, CaseResult> e : first.entrySet()) {
            List<CaseResult> same = new ArrayList<>();
            for (String t : targets) {
                CaseResult r = results.get(t).get(e.getKey());
                if (r != null && r.test().inputs().equals(e.getValue().test().inputs())) {
                    same.add(r);
                }
            }
            if (same.size() != targets.size()) {
                notCompared++;
                continue;
            }
            compared++;
            firstDifference(targets, same).ifPresent(differences::add);
        }
        for (String t : targets.subList(1, targets.size())) {
            notCompared += (int) results.get(t).keySet().stream().filter(k -> !first.containsKey(k)).count();
        }
        return new Comparison(differences, compared, notCompared);
    }

    private static Optional<Difference> firstDifference(List<String> targets, List<CaseResult> runs) {
        int steps = runs.stream().mapToInt(r -> r.steps().size()).max().orElse(0);
        for (int i = 0; i < steps; i++) {
            Map<String, Behaviour> byTarget = new LinkedHashMap<>();
            Step any = null;
            for (int k = 0; k < targets.size(); k++) {
                List<Step> s = runs.get(k).steps();
                Step step = i < s.size() ? s.get(i) : null;
                byTarget.put(targets.get(k), step == null ? Behaviour.NOT_REACHED : behaviour(step));
                if (any == null && step != null) {
                    any = step;
                }
            }
            Behaviour base = byTarget.get(targets.get(0));
            if (byTarget.values().stream().allMatch(b -> b.sameAs(base))) {
                continue;
            }
            String input = (any.transition() == null ? "?" : any.transition().from().toString()) + " " + any.input().label();
            List<String> labels = any.transition() == null ? any.requirements() : any.transition().requirements();
            String section = any.transition() == null ? any.section() : any.transition().section();
            return Optional.of(new Difference(runs.get(0).name(), i + 1, input, section, labels, byTarget));
        }
        return checksDiffer(targets, runs);
    }

    /** With every step alike, a check over the whole case whose verdict differs (step 0). */
    private static Optional<Difference> checksDiffer(List<String> targets, List<CaseResult> runs) {
        for (CaseResult.CheckOutcome check : runs.get(0).checks()) {
            Map<String, Behaviour> byTarget = new LinkedHashMap<>();
            for (int k = 0; k < targets.size(); k++) {
                CaseResult.CheckOutcome mine = runs.get(k).checks().stream()
                        .filter(c -> c.what().equals(check.what())).findFirst().orElse(null);
                byTarget.put(targets.get(k), mine == null ? Behaviour.NOT_REACHED
                        : new Behaviour(mine.verdict(), "", "", "", mine.finding()));
            }
            Behaviour base = byTarget.get(targets.get(0));
            if (!byTarget.values().stream().allMatch(b -> b.sameAs(base))) {
                return Optional.of(new Difference(runs.get(0).name(), 0, "check: " + check.what(),
                        check.section(), check.requirements(), byTarget));
            }
        }
        return Optional.empty();
    }

    /** A step's behaviour, without the numbers each target chooses for itself. */
    static Behaviour behaviour(Step step) {
        List<String> sent = new ArrayList<>();
        for (Step.Observed o : step.observed()) {
            sent.add(o.segment() == null ? "malformed" : flags(o.segment()));
        }
        List<String> told = step.signals().stream().map(Enum::name).sorted().toList();
        return new Behaviour(step.verdict(), String.join(" ", sent), String.join(" ", told),
                Objects.toString(step.state(), ""), step.finding());
    }

    /** The control bits as tcpdump writes them, with {@code +data} for a segment carrying text. */
    static String flags(WireSegment w) {
        StringBuilder s = new StringBuilder("[");
        if (w.syn()) {
            s.append('S');
        }
        if (w.fin()) {
            s.append('F');
        }
        if (w.rst()) {
            s.append('R');
        }
        if (w.payload().length > 0) {
            s.append('P');
        }
        if (w.ack()) {
            s.append('.');
        }
        return s.append(']').append(w.payload().length > 0 ? "+data" : "").toString();
    }
}
