package tcpconform.sut.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agents the project ships as source (C and Go against Debian's stack packages), built on demand
 * into {@code agents/} beside the jar or the classes ({@code conformance/target/agents/}), and
 * rebuilt when their source changes.
 */
public final class BuiltAgents {

    /**
     * A shipped agent: its name, its source resource, a file its Debian packages provide, the
     * packages, and its build command (BINARY and SOURCE are replaced) with its environment.
     */
    private record Recipe(String name, String source, Path prerequisite, String debianPackages, List<String> build,
                          Map<String, String> environment) {
    }

    private static final Recipe LWIP = new Recipe("lwip", "lwip-agent.c", Path.of("/usr/include/lwip/lwip/tcp.h"),
            "liblwip-dev gcc", List.of("gcc", "-O1", "-Wall", "-o", "BINARY", "SOURCE", "-I/usr/include/lwip", "-llwip"),
            Map.of());

    /** Go builds offline against the Debian-packaged sources, without modules (GO111MODULE=off). */
    private static final Recipe GVISOR = new Recipe("gvisor", "gvisor-agent.go",
            Path.of("/usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/stack/stack.go"), "golang-go golang-gvisor-gvisor-dev",
            List.of("go", "build", "-o", "BINARY", "SOURCE"),
            Map.of("GO111MODULE", "off", "GOPATH", "/usr/share/gocode", "GOPROXY", "off"));

    private static final List<Recipe> ALL = List.of(LWIP, GVISOR);

    private BuiltAgents() {
    }

    /** The names of the shipped agents, as {@code --target} takes them. */
    public static List<String> names() {
        return ALL.stream().map(Recipe::name).toList();
    }

    /**
     * The command that runs the named agent, building it first if needed.
     *
     * @throws IllegalArgumentException if no agent has that name
     * @throws IllegalStateException    with the reason (a missing package, a failed build) if it cannot be built
     */
    public static String command(String name) {
        Recipe r = ALL.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no shipped agent '" + name + "' (known: " + String.join(", ", names()) + ")"));
        return build(r).toString();
    }

    private static synchronized Path build(Recipe r) {
        if (!Files.exists(r.prerequisite())) {
            throw new IllegalStateException("target " + r.name() + " needs Debian's " + r.debianPackages()
                    + " (apt-get install " + r.debianPackages() + "): " + r.prerequisite() + " is missing");
        }
        byte[] source;
        try (InputStream in = BuiltAgents.class.getResourceAsStream("/tcpconform/agents/" + r.source())) {
            if (in == null) {
                throw new IllegalStateException("the build lacks the agent source " + r.source());
            }
            source = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path dir = home().resolve("agents");
        Path binary = dir.resolve(r.name() + "-agent");
        Path stamp = dir.resolve(r.name() + "-agent.sha256");
        String digest = sha256(source);
        try {
            if (Files.isExecutable(binary) && Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
                return binary;
            }
            Files.createDirectories(dir);
            Path src = dir.resolve(r.source());
            Files.write(src, source);
            List<String> cmd = r.build().stream().map(a -> a.equals("BINARY") ? binary.toString()
                    : a.equals("SOURCE") ? src.toString() : a).toList();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(r.environment());
            if (cmd.get(0).equals("go")) {
                // Go's build cache goes beside the binary, not in a home directory CI may lack.
                pb.environment().put("GOCACHE", dir.resolve("go-cache").toString());
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("building the " + r.name() + " agent needs " + cmd.get(0)
                        + " (apt-get install " + r.debianPackages() + "): " + e.getMessage());
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                String first = output.lines().filter(l -> l.contains("error")).findFirst().orElse(output.strip());
                throw new IllegalStateException("building the " + r.name() + " agent failed: " + first);
            }
            Files.writeString(stamp, digest);
            return binary;
        } catch (IOException e) {
            throw new IllegalStateException("building the " + r.name() + " agent failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the " + r.name() + " agent");
        }
    }

    /** The directory that holds the jar (or the classes): the build's {@code target/}. */
    private static Path home() {
        try {
            Path code = Path.of(BuiltAgents.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent();
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
