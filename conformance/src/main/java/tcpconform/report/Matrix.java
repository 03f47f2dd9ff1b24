package tcpconform.report;

import java.util.Locale;
import java.util.Map;

import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;
import tcpconform.run.Tally;

/** The conformance matrix as HTML: each RFC 9293 requirement and where each target stands on it. */
public final class Matrix {

    private Matrix() {
    }

    /** One target's matrix. */
    public static String html(String target, String profile, Tally tally) {
        String intro = tally.requirementsExercised() + " of " + tally.requirements().size() + " exercised: "
                + tally.requirementsWith(Tally.Status.MET) + " met, " + tally.requirementsWith(Tally.Status.VIOLATED)
                + " violated, " + tally.requirementsWith(Tally.Status.DEVIATION) + " deviation.";
        return html("RFC 9293 requirements: " + target + " (profile " + profile + ")", intro,
                Map.of(target, tally.requirements()));
    }

    /**
     * A matrix of requirements × targets: a column a target, each cell the requirement's status
     * there (a requirement a column lacks is not exercised).
     */
    public static String html(String title, String intro, Map<String, Map<String, Tally.Status>> columns) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(SequenceDiagram.escape(title)).append("</title><style>body{font-family:sans-serif}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
                        + ".met{background:#c8e6c9}.violated{background:#ffcdd2}.deviation{background:#ffe0b2}"
                        + ".not{background:#eeeeee}</style></head><body>");
        s.append("<h2>").append(SequenceDiagram.escape(title)).append("</h2>");
        s.append("<p>").append(SequenceDiagram.escape(intro)).append("</p>");
        s.append("<table><tr><th>label</th><th>keyword</th><th>section</th><th>observable</th>");
        for (String target : columns.keySet()) {
            s.append("<th>").append(SequenceDiagram.escape(target)).append("</th>");
        }
        s.append("<th>requirement</th></tr>");
        for (Requirement r : RequirementCatalogue.rfc9293().all()) {
            s.append("<tr><td>").append(r.label()).append("</td><td>").append(r.keyword()).append("</td><td>")
                    .append("<a href=\"https://www.rfc-editor.org/rfc/rfc9293#section-").append(r.section()).append("\">§")
                    .append(r.section()).append("</a></td><td>").append(r.observable().name().toLowerCase(Locale.ROOT))
                    .append("</td>");
            for (Map<String, Tally.Status> column : columns.values()) {
                Tally.Status status = column.getOrDefault(r.label(), Tally.Status.NOT_EXERCISED);
                s.append("<td class=\"").append(css(status)).append("\">").append(status.lower()).append("</td>");
            }
            s.append("<td>").append(SequenceDiagram.escape(r.summary())).append("</td></tr>");
        }
        return s.append("</table></body></html>\n").toString();
    }

    private static String css(Tally.Status status) {
        return switch (status) {
            case MET -> "met";
            case VIOLATED -> "violated";
            case DEVIATION -> "deviation";
            case NOT_EXERCISED -> "not";
        };
    }
}
