package tcpconform.report;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tcpconform.model.TcpState;
import tcpconform.model.graph.Transition;
import tcpconform.run.Tally;

/**
 * The state diagram as an SVG picture of a campaign: one arrow per pair of states, coloured by
 * whether its transitions were all exercised and passed (green), some not exercised (orange),
 * some with findings (red) or none exercised (grey), labelled {@code exercised/total ×runs}; the
 * transitions that stay in a state are counted in its box.
 */
public final class CoveragePicture {

    private static final int W = 150;
    private static final int H = 44;
    private static final Map<TcpState, int[]> AT = new EnumMap<>(TcpState.class);

    static {
        AT.put(TcpState.CLOSED, new int[] {500, 60});
        AT.put(TcpState.LISTEN, new int[] {500, 190});
        AT.put(TcpState.SYN_RECEIVED, new int[] {200, 320});
        AT.put(TcpState.SYN_SENT, new int[] {800, 320});
        AT.put(TcpState.ESTABLISHED, new int[] {500, 450});
        AT.put(TcpState.FIN_WAIT_1, new int[] {200, 580});
        AT.put(TcpState.CLOSE_WAIT, new int[] {800, 580});
        AT.put(TcpState.FIN_WAIT_2, new int[] {120, 730});
        AT.put(TcpState.CLOSING, new int[] {400, 730});
        AT.put(TcpState.LAST_ACK, new int[] {800, 730});
        AT.put(TcpState.TIME_WAIT, new int[] {300, 870});
    }

    private CoveragePicture() {
    }

    /** How the transitions between two states fared. */
    private static final class Pair {
        int total;
        int exercised;
        int runs;
        int findings;

        String colour() {
            if (findings > 0) {
                return "#c62828";
            }
            if (exercised == 0) {
                return "#9e9e9e";
            }
            return exercised == total ? "#2e7d32" : "#ef6c00";
        }
    }

    public static String svg(Tally tally, String title) {
        Map<String, Pair> pairs = new LinkedHashMap<>();
        Map<TcpState, Pair> loops = new EnumMap<>(TcpState.class);
        for (Transition t : tally.graph().transitions()) {
            Tally.Use u = tally.use(t);
            Pair p = t.from() == t.to() ? loops.computeIfAbsent(t.from(), s -> new Pair())
                    : pairs.computeIfAbsent(t.from().name() + ">" + t.to().name(), k -> new Pair());
            p.total++;
            if (u.runs() > 0) {
                p.exercised++;
            }
            p.runs += u.runs();
            p.findings += u.findings();
        }
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"960\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<defs><marker id=\"h\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"context-stroke\"/></marker></defs>\n");
        s.append("<rect width=\"1000\" height=\"960\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">").append(SequenceDiagram.escape(title)).append("</text>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"38\">%d of %d transitions exercised; "
                        + "green: all exercised and passed, orange: some not exercised, red: findings, grey: none exercised</text>%n",
                tally.transitionsCovered(), tally.transitionsTotal()));
        for (Map.Entry<String, Pair> e : pairs.entrySet()) {
            String[] names = e.getKey().split(">");
            int[] a = AT.get(TcpState.valueOf(names[0]));
            int[] b = AT.get(TcpState.valueOf(names[1]));
            Pair p = e.getValue();
            // A gentle curve, bent to the right of the direction of travel, so that a pair of
            // opposite arrows does not overlap.
            double dx = b[0] - a[0];
            double dy = b[1] - a[1];
            double len = Math.max(1, Math.hypot(dx, dy));
            double cx = (a[0] + b[0]) / 2.0 - dy / len * 40;
            double cy = (a[1] + b[1]) / 2.0 + dx / len * 40;
            double[] from = edgePoint(a, cx, cy);
            double[] to = edgePoint(b, cx, cy);
            double width = 1 + Math.log10(1 + p.runs);
            s.append(String.format(Locale.ROOT,
                    "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" marker-end=\"url(#h)\" opacity=\"0.8\"/>%n",
                    from[0], from[1], cx, cy, to[0], to[1], p.colour(), width));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%d/%d ×%d</text>%n",
                    (from[0] + 2 * cx + to[0]) / 4, (from[1] + 2 * cy + to[1]) / 4, p.colour(), p.exercised, p.total, p.runs));
        }
        for (TcpState st : TcpState.values()) {
            int[] at = AT.get(st);
            Pair loop = loops.getOrDefault(st, new Pair());
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"10\" fill=\"#fafafa\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    at[0] - W / 2, at[1] - H / 2, W, H, loop.total == 0 ? "#555" : loop.colour()));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
                    at[0], at[1] - 3, st));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">stay %d/%d ×%d</text>%n",
                    at[0], at[1] + 13, loop.total == 0 ? "#555" : loop.colour(), loop.exercised, loop.total, loop.runs));
        }
        return s.append("</svg>\n").toString();
    }

    /** Where the line from a box's centre towards (x, y) leaves the box. */
    private static double[] edgePoint(int[] box, double x, double y) {
        double dx = x - box[0];
        double dy = y - box[1];
        double scale = Math.min(Math.abs(dx) > 0 ? (W / 2.0) / Math.abs(dx) : Double.MAX_VALUE,
                Math.abs(dy) > 0 ? (H / 2.0) / Math.abs(dy) : Double.MAX_VALUE);
        return new double[] {box[0] + dx * Math.min(scale, 1), box[1] + dy * Math.min(scale, 1)};
    }
}
