package tcpconform.model.requirement;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 119 labelled requirements of RFC 9293 Appendix B, as data (the resource {@code
 * tcpconform/model/requirements.tsv}), in label order: MUST, SHLD, MAY, REC.
 */
public final class RequirementCatalogue {

    private static final String RESOURCE = "/tcpconform/model/requirements.tsv";
    private static final RequirementCatalogue INSTANCE = load();

    private final Map<String, Requirement> byLabel;

    private RequirementCatalogue(Map<String, Requirement> byLabel) {
        this.byLabel = byLabel;
    }

    /** The catalogue. */
    public static RequirementCatalogue rfc9293() {
        return INSTANCE;
    }

    /** Every requirement, in label order. */
    public List<Requirement> all() {
        return List.copyOf(byLabel.values());
    }

    public Optional<Requirement> find(String label) {
        return Optional.ofNullable(byLabel.get(label));
    }

    /** The requirement of a label; every label a check names must exist. */
    public Requirement get(String label) {
        return find(label).orElseThrow(() -> new IllegalArgumentException("not an RFC 9293 requirement: " + label));
    }

    private static RequirementCatalogue load() {
        Map<String, Requirement> map = new LinkedHashMap<>();
        try (InputStream in = RequirementCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    throw new IllegalStateException(RESOURCE + ": bad line: " + line);
                }
                Requirement req = new Requirement(f[0], Requirement.Level.ofLabel(f[0]), f[1], f[2],
                        Requirement.Observability.valueOf(f[3].toUpperCase(Locale.ROOT)), f[4]);
                if (map.put(req.label(), req) != null) {
                    throw new IllegalStateException(RESOURCE + ": label twice: " + req.label());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RequirementCatalogue(map);
    }
}
