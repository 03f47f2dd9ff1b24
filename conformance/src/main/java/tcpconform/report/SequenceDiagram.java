package tcpconform.report;

import java.util.Locale;

import tcpconform.run.CaseResult;
import tcpconform.run.Step;

/**
 * A case as a sequence diagram in SVG: the tester on the left, the target on the right, one
 * arrow per segment labelled in tcpdump's notation, with calls, timeouts and state changes
 * written beside the target's line.
 */
public final class SequenceDiagram {

    private static final int WIDTH = 1100;
    private static final int LEFT = 120;
    private static final int RIGHT = 760;
    private static final int ROW = 26;

    private SequenceDiagram() {
    }

    public static String svg(CaseResult c) {
        StringBuilder body = new StringBuilder();
        int y = 60;
        for (Step s : c.steps()) {
            String colour = s.verdict().isFinding() ? "#c62828" : "#222";
            if (s.injected() != null && s.injected().segment() != null) {
                arrow(body, y, LEFT, RIGHT, s.injected().segment().concrete().tcpdump(), "#1565c0", s.injected().time());
            } else {
                text(body, RIGHT + 12, y + 4, s.input().label(), "#6a1b9a", true);
                text(body, 8, y + 4, time(s.time()), "#888", false);
            }
            y += ROW;
            for (Step.Observed o : s.observed()) {
                String label = o.segment() == null ? o.note() : o.segment().concrete().tcpdump();
                arrow(body, y, RIGHT, LEFT, label, o.note().startsWith("not allowed") ? "#c62828" : "#2e7d32", o.time());
                y += ROW;
            }
            if (!s.signals().isEmpty()) {
                text(body, RIGHT + 12, y - 8, "app: " + s.signals(), "#6a1b9a", false);
            }
            String state = s.state() == null ? "" : s.state().toString();
            text(body, RIGHT + 12, y - (s.signals().isEmpty() ? 8 : -8), state + (s.verdict().isFinding()
                    ? "  " + s.verdict() + ": " + s.finding() : ""), colour, false);
            y += s.signals().isEmpty() ? 4 : 20;
        }
        int height = y + 20;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" font-size=\"12\">%n",
                WIDTH, height));
        svg.append("<defs><marker id=\"a\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"context-stroke\"/></marker></defs>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, LEFT - 30, 30, "tester", "#000", true);
        text(svg, RIGHT - 30, 30, "target", "#000", true);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", LEFT, LEFT, height - 10));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", RIGHT, RIGHT, height - 10));
        svg.append(body).append("</svg>\n");
        return svg.toString();
    }

    private static void arrow(StringBuilder s, int y, int from, int to, String label, String colour, long time) {
        s.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\" marker-end=\"url(#a)\"/>%n",
                from, y, to, y + 10, colour));
        text(s, Math.min(from, to) + 20, y - 2, label, colour, false);
        text(s, 8, y + 4, time(time), "#888", false);
    }

    private static void text(StringBuilder s, int x, int y, String text, String colour, boolean bold) {
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\"%s>%s</text>%n", x, y, colour,
                bold ? " font-weight=\"bold\"" : "", escape(text)));
    }

    private static String time(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
