package tcpconform.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;
import tcpconform.run.Differential;
import tcpconform.run.Tally;

/** {@code run --target A,B}: each target's summary, and where they differ, side by side. */
public final class DifferentialReport {

    /** At most this many differences on the screen; all of them in the JSON and the HTML. */
    private static final int LISTED = 12;

    private final Map<String, Summary> summaries;
    private final Map<String, Tally> tallies;
    private final Differential.Comparison comparison;

    public DifferentialReport(Map<String, Summary> summaries, Map<String, Tally> tallies,
                              Differential.Comparison comparison) {
        this.summaries = summaries;
        this.tallies = tallies;
        this.comparison = comparison;
    }

    /** The requirements whose status is not the same for every target, each with the statuses. */
    public Map<String, Map<String, Tally.Status>> requirementsThatDiffer() {
        Map<String, Map<String, Tally.Status>> out = new LinkedHashMap<>();
        Tally first = tallies.values().iterator().next();
        for (String label : first.requirements().keySet()) {
            Map<String, Tally.Status> row = new LinkedHashMap<>();
            tallies.forEach((t, tally) -> row.put(t, tally.requirements().get(label)));
            if (row.values().stream().distinct().count() > 1) {
                out.put(label, row);
            }
        }
        return out;
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targets", List.copyOf(summaries.keySet()));
        Map<String, Object> runs = new LinkedHashMap<>();
        summaries.forEach((t, s) -> runs.put(t, s.toMap()));
        m.put("runs", runs);
        m.put("cases_compared", comparison.compared());
        m.put("cases_not_compared", comparison.notCompared());
        List<Object> diffs = new ArrayList<>();
        for (Differential.Difference d : comparison.differences()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("case", d.caseName());
            o.put("step", d.step());
            o.put("input", d.input());
            o.put("section", d.section());
            o.put("requirements", d.requirements());
            Map<String, Object> by = new LinkedHashMap<>();
            d.byTarget().forEach((t, b) -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("verdict", b.verdict() == null ? "not reached" : b.verdict().lower());
                x.put("sent", b.sent());
                x.put("told", b.told());
                x.put("state", b.state());
                x.put("finding", b.finding());
                by.put(t, x);
            });
            o.put("targets", by);
            diffs.add(o);
        }
        m.put("differences", diffs);
        List<Object> reqs = new ArrayList<>();
        requirementsThatDiffer().forEach((label, row) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("label", label);
            o.put("summary", RequirementCatalogue.rfc9293().get(label).summary());
            Map<String, Object> st = new LinkedHashMap<>();
            row.forEach((t, s) -> st.put(t, s.lower()));
            o.put("status", st);
            reqs.add(o);
        });
        m.put("requirements_that_differ", reqs);
        return Json.write(m);
    }

    public String toText() {
        StringBuilder s = new StringBuilder();
        for (Summary summary : summaries.values()) {
            s.append(summary.toText());
        }
        List<Differential.Difference> diffs = comparison.differences();
        s.append(String.format(Locale.ROOT, "differences  %d of %d cases compared differ (%d not comparable: shrunk walks, later tour rounds)%n",
                diffs.size(), comparison.compared(), comparison.notCompared()));
        int width = summaries.keySet().stream().mapToInt(String::length).max().orElse(5);
        for (int i = 0; i < Math.min(LISTED, diffs.size()); i++) {
            Differential.Difference d = diffs.get(i);
            s.append(String.format(Locale.ROOT, "  %s %s: %s (§%s)%n", d.caseName(),
                    d.step() == 0 ? "as a whole" : "step " + d.step(), d.input(),
                    String.join(" ", concat(d.section(), d.requirements()))));
            d.byTarget().forEach((t, b) -> s.append(String.format(Locale.ROOT, "    %-" + width + "s  %s%n", t, describe(b))));
        }
        if (diffs.size() > LISTED) {
            s.append("  … ").append(diffs.size() - LISTED).append(" more (see --json or --results)\n");
        }
        Map<String, Map<String, Tally.Status>> reqs = requirementsThatDiffer();
        s.append("requirements whose status differs: ").append(reqs.isEmpty() ? "none" : reqs.size()).append('\n');
        reqs.forEach((label, row) -> {
            s.append(String.format(Locale.ROOT, "  %-8s", label));
            row.forEach((t, st) -> s.append(String.format(Locale.ROOT, "  %s %-13s", t, st.lower())));
            s.append(' ').append(RequirementCatalogue.rfc9293().get(label).summary()).append('\n');
        });
        return s.toString();
    }

    private static String describe(Differential.Behaviour b) {
        if (b.verdict() == null) {
            return b.finding();
        }
        if (b.sent().isEmpty() && b.told().isEmpty() && b.state().isEmpty()) {
            return b.verdict() + (b.finding().isEmpty() ? "" : ": " + b.finding()); // a check
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-12s", b.verdict()));
        s.append(b.sent().isEmpty() ? "sent nothing" : "sent " + b.sent());
        if (!b.told().isEmpty()) {
            s.append(", told ").append(b.told());
        }
        if (!b.state().isEmpty()) {
            s.append(", ").append(b.state());
        }
        if (b.verdict().isFinding() && !b.finding().isEmpty()) {
            s.append(": ").append(b.finding().length() > 160 ? b.finding().substring(0, 157) + "..." : b.finding());
        }
        return s.toString();
    }

    /** The differences as an HTML table, for the report. */
    public String toHtml() {
        List<String> targets = List.copyOf(summaries.keySet());
        StringBuilder h = new StringBuilder("<html><head><meta charset=\"utf-8\"><style>td,th{border:1px solid #ccc;"
                + "padding:2px 6px;font:12px sans-serif;vertical-align:top}</style></head><body>");
        h.append("<h2>Differences between ").append(SequenceDiagram.escape(String.join(", ", targets))).append("</h2><p>")
                .append(comparison.differences().size()).append(" of ").append(comparison.compared())
                .append(" cases compared differ; the first differing step of each.</p><table><tr><th>case</th><th>step</th>"
                        + "<th>requirements</th>");
        for (String t : targets) {
            h.append("<th>").append(SequenceDiagram.escape(t)).append("</th>");
        }
        h.append("</tr>");
        for (Differential.Difference d : comparison.differences()) {
            h.append("<tr><td>").append(SequenceDiagram.escape(d.caseName())).append("</td><td>").append(d.step()).append(": ")
                    .append(SequenceDiagram.escape(d.input())).append("</td><td>§").append(SequenceDiagram.escape(d.section())).append(' ')
                    .append(SequenceDiagram.escape(String.join(" ", d.requirements()))).append("</td>");
            for (String t : targets) {
                Differential.Behaviour b = d.byTarget().get(t);
                h.append("<td>").append(SequenceDiagram.escape(describe(b)));
                if (b.verdict() != null && !b.finding().isEmpty()) {
                    h.append("<br><small>").append(SequenceDiagram.escape(b.finding())).append("</small>");
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><h3>Requirements whose status differs</h3><table><tr><th>label</th>");
        for (String t : targets) {
            h.append("<th>").append(SequenceDiagram.escape(t)).append("</th>");
        }
        h.append("<th>requirement</th></tr>");
        requirementsThatDiffer().forEach((label, row) -> {
            Requirement r = RequirementCatalogue.rfc9293().get(label);
            h.append("<tr><td>").append(label).append("</td>");
            row.values().forEach(st -> h.append("<td>").append(st.lower()).append("</td>"));
            h.append("<td>").append(SequenceDiagram.escape(r.summary())).append("</td></tr>");
        });
        return h.append("</table></body></html>").toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

}
