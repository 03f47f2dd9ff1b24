package tcpconform.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;
import tcpconform.run.CaseResult;
import tcpconform.run.Campaign;
import tcpconform.run.Tally;
import tcpconform.run.Verdict;

/**
 * A campaign's outcome for people (one screen of text) and for machines (a JSON object).
 *
 * @param target   the target's name
 * @param settings how the campaign ran
 * @param tally    what it found
 * @param seconds  how long it took
 */
public record Summary(String target, Campaign.Settings settings, Tally tally, double seconds) {

    /** How many unexpected outcomes the text lists in full. */
    private static final int LISTED = 10;

    /** The suites as {@code --suite} names them, joined by {@code +}. */
    public String suite() {
        List<String> names = new ArrayList<>();
        for (Campaign.Suite s : Campaign.Suite.values()) {
            if (settings.suites().contains(s)) {
                names.add(s.lower());
            }
        }
        return names.size() == Campaign.Suite.values().length ? "all" : String.join("+", names);
    }

    /** The summary object of {@code run --json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("suite", suite());
        m.put("profile", settings.profile().name());
        m.put("seed", settings.seed());
        m.put("walks", settings.suites().contains(Campaign.Suite.WALKS) ? settings.walks() : 0);
        m.put("cases", tally.cases());
        m.put("steps", tally.steps());
        m.put("transitions_total", tally.transitionsTotal());
        m.put("transitions_covered", tally.transitionsCovered());
        m.put("states_covered", tally.statesCovered());
        List<Object> unreached = new ArrayList<>();
        tally.unreached().forEach((t, why) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("transition", t.label());
            o.put("reason", why);
            unreached.add(o);
        });
        m.put("transitions_unreached", unreached);
        Map<String, Object> verdicts = new LinkedHashMap<>();
        for (Verdict v : List.of(Verdict.PASS, Verdict.FAIL, Verdict.DEVIATION, Verdict.NOTE, Verdict.INCONCLUSIVE)) {
            verdicts.put(v.lower(), tally.verdict(v));
        }
        m.put("verdicts", verdicts);
        m.put("unexpected", tally.unexpectedCount());
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("total", tally.requirements().size());
        req.put("exercised", tally.requirementsExercised());
        req.put("met", tally.requirementsWith(Tally.Status.MET));
        req.put("violated", tally.requirementsWith(Tally.Status.VIOLATED));
        req.put("deviation", tally.requirementsWith(Tally.Status.DEVIATION));
        m.put("requirements", req);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        List<Object> outcomes = new ArrayList<>();
        for (CaseResult c : tally.unexpected()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("case", c.name());
            o.put("verdict", c.verdict().lower());
            o.put("reason", c.unexpected());
            o.put("replay", c.title().isEmpty() ? c.replay() : c.title() + "\n" + c.replay());
            outcomes.add(o);
        }
        for (String stale : tally.staleExpectations()) {
            outcomes.add(Map.of("reason", stale));
        }
        m.put("unexpected_outcomes", outcomes);
        return m;
    }

    /** The JSON object. */
    public String toJson() {
        return Json.write(toMap());
    }

    /** One screen of text. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "tcpconform run: target %s, profile %s, suite %s, seed %d%s%n", target,
                settings.profile().name(), suite(), settings.seed(),
                settings.suites().contains(Campaign.Suite.WALKS) ? ", " + settings.walks() + " walks" : ""));
        s.append(String.format(Locale.ROOT, "  cases        %d: %d pass, %d note, %d deviation, %d fail, %d inconclusive%n",
                tally.cases(), tally.verdict(Verdict.PASS), tally.verdict(Verdict.NOTE), tally.verdict(Verdict.DEVIATION),
                tally.verdict(Verdict.FAIL), tally.verdict(Verdict.INCONCLUSIVE)));
        s.append(String.format(Locale.ROOT, "  transitions  %d of %d covered, %d of 11 states, %d steps checked%n",
                tally.transitionsCovered(), tally.transitionsTotal(), tally.statesCovered(), tally.steps()));
        if (!tally.unreached().isEmpty()) {
            s.append(String.format(Locale.ROOT, "               %d not reached, each with the reason in --json%n",
                    tally.unreached().size()));
        }
        s.append(String.format(Locale.ROOT, "  requirements %d of %d exercised: %d met, %d violated, %d deviation%n",
                tally.requirementsExercised(), tally.requirements().size(), tally.requirementsWith(Tally.Status.MET),
                tally.requirementsWith(Tally.Status.VIOLATED), tally.requirementsWith(Tally.Status.DEVIATION)));
        String broken = tally.requirements().entrySet().stream()
                .filter(e -> e.getValue() == Tally.Status.VIOLATED || e.getValue() == Tally.Status.DEVIATION)
                .map(Map.Entry::getKey).collect(Collectors.joining(" "));
        if (!broken.isEmpty()) {
            s.append("               not met: ").append(broken).append('\n');
        }
        s.append(String.format(Locale.ROOT, "  time         %.2f s (%,.0f checked transitions per second)%n", seconds,
                seconds > 0 ? tally.steps() / seconds : 0.0));
        int unexpected = tally.unexpectedCount();
        s.append("  unexpected   ").append(unexpected == 0 ? "none: every outcome is as the model and the expectations say"
                : unexpected + " outcome" + (unexpected == 1 ? "" : "s")).append('\n');
        int listed = 0;
        for (CaseResult c : tally.unexpected()) {
            if (listed++ == LISTED) {
                s.append("    … ").append(tally.unexpected().size() - LISTED).append(" more (see --json or --results)\n");
                break;
            }
            s.append("    ").append(c.name()).append(": ").append(c.unexpected()).append('\n');
            if (!c.title().isEmpty()) {
                s.append("      ").append(c.title()).append('\n');
            }
        }
        for (String stale : tally.staleExpectations()) {
            s.append("    ").append(stale).append('\n');
        }
        return s.toString();
    }

    /** The conformance matrix as text: one line a requirement. */
    public static String matrixText(String target, Tally tally) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-8s %-11s %-9s %-13s %s%n", "label", "level",
                "section", target, "requirement"));
        RequirementCatalogue cat = RequirementCatalogue.rfc9293();
        for (Map.Entry<String, Tally.Status> e : tally.requirements().entrySet()) {
            Requirement r = cat.get(e.getKey());
            s.append(String.format(Locale.ROOT, "%-8s %-11s %-9s %-13s %s%n", r.label(), r.keyword(), r.section(),
                    e.getValue().lower(), r.summary()));
        }
        return s.toString();
    }
}
