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
import java.util.LinkedHashMap;
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
     * packages, and its build command (BINARY and SOURCE are replaced) with its environment. An agent
     * in C includes {@link #C_FRAMES}, which is copied beside it.
     */
    private record Recipe(String name, String source, Path prerequisite, String debianPackages, List<String> build,
                          Map<String, String> environment) {
        List<String> resources() {
            return source.endsWith(".c") ? List.of(source, C_FRAMES) : List.of(source);
        }
    }

    /** The protocol's frames in C, shared by the C agents. */
    private static final String C_FRAMES = "agent-frames.h";

    private static final Recipe LWIP = new Recipe("lwip", "lwip-agent.c", Path.of("/usr/include/lwip/lwip/tcp.h"),
            "liblwip-dev gcc", List.of("gcc", "-O1", "-Wall", "-o", "BINARY", "SOURCE", "-I/usr/include/lwip", "-llwip"),
            Map.of());

    /** Go builds offline against the Debian-packaged sources, without modules (GO111MODULE=off). */
    private static final Recipe GVISOR = new Recipe("gvisor", "gvisor-agent.go",
            Path.of("/usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/stack/stack.go"), "golang-go golang-gvisor-gvisor-dev",
            List.of("go", "build", "-o", "BINARY", "SOURCE"),
            Map.of("GO111MODULE", "off", "GOPATH", "/usr/share/gocode", "GOPROXY", "off"));

    /**
     * libslirp's agent makes a network namespace of its own for its host sockets, so it needs root
     * when it runs, not when it is built.
     */
    private static final Recipe SLIRP = new Recipe("slirp", "slirp-agent.c", Path.of("/usr/include/slirp/libslirp.h"),
            "libslirp-dev gcc", List.of("gcc", "-O1", "-Wall", "-o", "BINARY", "SOURCE", "-lslirp"), Map.of());

    private static final List<Recipe> ALL = List.of(LWIP, GVISOR, SLIRP);

    /** How long a build may take: the slowest, a cold Go build of netstack, stays well under it. */
    private static final long BUILD_SECONDS = 300;

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
        Map<String, byte[]> sources = new LinkedHashMap<>();
        for (String name : r.resources()) {
            try (InputStream in = BuiltAgents.class.getResourceAsStream("/tcpconform/agents/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the build lacks the agent source " + name);
                }
                sources.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path dir = home().resolve("agents");
        Path binary = dir.resolve(r.name() + "-agent");
        Path stamp = dir.resolve(r.name() + "-agent.sha256");
        String digest = sha256(sources);
        try {
            if (Files.isExecutable(binary) && Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
                return binary;
            }
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> e : sources.entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
            Path src = dir.resolve(r.source());
            List<String> cmd = r.build().stream().map(a -> a.equals("BINARY") ? binary.toString()
                    : a.equals("SOURCE") ? src.toString() : a).toList();
            // The compiler's output goes to a file, so that the wait below is bounded however much it says.
            Path log = dir.resolve(r.name() + "-agent.build.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
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
            if (!p.waitFor(BUILD_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("building the " + r.name() + " agent took more than " + BUILD_SECONDS
                        + " s; its output is in " + log);
            }
            if (p.exitValue() != 0) {
                String output = Files.readString(log, StandardCharsets.UTF_8);
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

    /** The digest of the sources, their names included, in their order. */
    private static String sha256(Map<String, byte[]> sources) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            sources.forEach((name, content) -> {
                d.update(name.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(content);
            });
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
