package tcpconform.model.requirement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.profile.Profile;

/**
 * The catalogue matches RFC 9293 Appendix B exactly: this test reads the RFC text itself
 * ({@code ../shared/rfc/rfc9293.txt}) and parses the table and the body independently.
 */
@DisplayName("RFC 9293 Appendix B: the requirement catalogue")
class RequirementCatalogueTest {

    private static final Path RFC = Path.of("..", "..", "shared", "rfc", "rfc9293.txt");
    private static final Pattern LABEL = Pattern.compile("\\b((?:MUST|SHLD|MAY|REC)-\\d+)\\b");
    private static final Pattern HEADING = Pattern.compile("^(\\d+(?:\\.\\d+)*)\\.\\s{2}\\S");
    private static final List<String> KEYWORDS = List.of("MUST", "SHOULD", "MAY", "SHOULD NOT", "MUST NOT");

    private final RequirementCatalogue catalogue = RequirementCatalogue.rfc9293();

    @Test
    void holdsAll119Labels() {
        assertEquals(119, catalogue.all().size());
        assertEquals(69, count("MUST-"));
        assertEquals(31, count("SHLD-"));
        assertEquals(18, count("MAY-"));
        assertEquals(1, count("REC-"));
    }

    @Test
    void matchesTheRfcTableAndBody() throws IOException {
        List<String> lines = Files.readAllLines(RFC);
        int appendix = lines.indexOf("Appendix B.  TCP Requirement Summary");
        assertTrue(appendix > 0, "Appendix B not found in " + RFC.toAbsolutePath());
        Map<String, String> sections = firstSections(lines.subList(0, appendix));
        // RFC 9293 states this requirement in §3.8.3 ("SYN retransmissions MUST be handled in the
        // general way") without writing its label there.
        sections.putIfAbsent("MUST-22", "3.8.3");
        Map<String, String[]> table = table(lines.subList(appendix, lines.size()));
        assertEquals(table.keySet(), catalogue.all().stream().map(Requirement::label)
                .collect(java.util.stream.Collectors.toSet()));
        for (Requirement r : catalogue.all()) {
            String[] row = table.get(r.label());
            assertEquals(row[0], r.keyword(), r.label() + " keyword");
            assertEquals(row[1], r.summary(), r.label() + " summary");
            assertEquals(sections.get(r.label()), r.section(), r.label() + " section");
        }
    }

    @Test
    void everyLabelTheGraphNamesExists() {
        for (Profile p : Profile.known()) {
            for (Transition t : StateGraph.of(p).transitions()) {
                t.requirements().forEach(catalogue::get);
            }
        }
    }

    private long count(String prefix) {
        return catalogue.all().stream().filter(r -> r.label().startsWith(prefix)).count();
    }

    private static Map<String, String> firstSections(List<String> body) {
        Map<String, String> first = new LinkedHashMap<>();
        String section = null;
        for (int i = 0; i < body.size(); i++) {
            String line = body.get(i);
            Matcher h = HEADING.matcher(line);
            if (h.find()) {
                section = h.group(1);
            }
            // Labels wrap at a line end: "(MUST-" then "10)." on the next line.
            String text = line.matches(".*(MUST|SHLD|MAY|REC)-$") ? line + body.get(i + 1).strip() : line;
            Matcher m = LABEL.matcher(text);
            while (m.find()) {
                first.putIfAbsent(m.group(1), section);
            }
        }
        return first;
    }

    /** Label to {keyword, summary}, from Table 8. */
    private static Map<String, String[]> table(List<String> appendix) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        List<String> feature = new ArrayList<>();
        String id = "";
        String keyword = null;
        for (String line : appendix) {
            String t = line.strip();
            if (t.startsWith("+")) {
                if (!feature.isEmpty() && id.matches("(MUST|SHLD|MAY|REC)-\\d+")) {
                    String summary = String.join(" ", feature.stream().filter(s -> !s.isEmpty()).toList())
                            .strip().replaceFirst("^\\*\\s*", "").replaceAll("\\s+", " ")
                            .replace("ALP^1", "ALP").replace("- ", "-");
                    String[] prev = rows.get(id);
                    rows.put(id, prev == null ? new String[] {keyword, summary}
                            : new String[] {prev[0], prev[1] + "; " + summary});
                }
                feature.clear();
                id = "";
                keyword = null;
                continue;
            }
            if (!t.startsWith("|")) {
                continue;
            }
            String[] cells = t.substring(1, t.length() - 1).split("\\|", -1);
            if (cells.length != 7) {
                continue;
            }
            feature.add(cells[0].strip());
            if (!cells[1].isBlank()) {
                id = cells[1].strip();
            }
            for (int k = 0; k < 5; k++) {
                if (cells[k + 2].strip().equals("X")) {
                    keyword = KEYWORDS.get(k);
                }
            }
        }
        return rows;
    }
}
