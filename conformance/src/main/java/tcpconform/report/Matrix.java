package tcpconform.report;

import java.util.Map;

import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;
import tcpconform.run.Tally;

/** The conformance matrix as HTML: each RFC 9293 requirement and where the target stands on it. */
public final class Matrix {

    private Matrix() {
    }

    public static String html(String target, String profile, Tally tally) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>RFC 9293 conformance: ")
                .append(target).append("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
                        + ".met{background:#c8e6c9}.violated{background:#ffcdd2}.deviation{background:#ffe0b2}"
                        + ".not{background:#eeeeee}</style></head><body>");
        s.append("<h2>RFC 9293 requirements: ").append(target).append(" (profile ").append(profile).append(")</h2>");
        s.append("<p>").append(tally.requirementsExercised()).append(" of ").append(tally.requirements().size())
                .append(" exercised: ").append(tally.requirementsWith(Tally.Status.MET)).append(" met, ")
                .append(tally.requirementsWith(Tally.Status.VIOLATED)).append(" violated, ")
                .append(tally.requirementsWith(Tally.Status.DEVIATION)).append(" deviation.</p>");
        s.append("<table><tr><th>label</th><th>keyword</th><th>section</th><th>observable</th><th>")
                .append(target).append("</th><th>requirement</th></tr>");
        RequirementCatalogue cat = RequirementCatalogue.rfc9293();
        for (Map.Entry<String, Tally.Status> e : tally.requirements().entrySet()) {
            Requirement r = cat.get(e.getKey());
            String css = switch (e.getValue()) {
                case MET -> "met";
                case VIOLATED -> "violated";
                case DEVIATION -> "deviation";
                case NOT_EXERCISED -> "not";
            };
            s.append("<tr><td>").append(r.label()).append("</td><td>").append(r.keyword()).append("</td><td>")
                    .append("<a href=\"https://www.rfc-editor.org/rfc/rfc9293#section-").append(r.section()).append("\">§")
                    .append(r.section()).append("</a></td><td>").append(r.observable().name().toLowerCase(java.util.Locale.ROOT))
                    .append("</td><td class=\"").append(css).append("\">").append(e.getValue().lower()).append("</td><td>")
                    .append(SequenceDiagram.escape(r.summary())).append("</td></tr>");
        }
        return s.append("</table></body></html>\n").toString();
    }
}
