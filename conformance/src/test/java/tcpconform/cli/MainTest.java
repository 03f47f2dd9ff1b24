package tcpconform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void modelJsonListsStatesAndTransitionsWithTheirFields() {
        assertEquals(0, run("model", "--format", "json"));
        String json = out();
        assertTrue(json.contains("\"states\": [\"CLOSED\", \"LISTEN\", \"SYN-SENT\""));
        assertTrue(json.contains("{\"from\": \"LISTEN\", \"to\": \"SYN-RECEIVED\", \"input\": \"<S seq:any>\""));
        assertTrue(json.contains("\"section\": \"3.10.7.4\""));
        assertTrue(json.contains("\"requirements\": [\"MUST-10\"]"));
    }

    @Test
    void modelDotAndMermaidDrawTheDiagram() {
        assertEquals(0, run("model", "--format", "dot"));
        assertTrue(out().startsWith("digraph tcp {"));
        assertTrue(out().contains("\"SYN-SENT\" -> \"SYN-RECEIVED\""));
        out.reset();
        assertEquals(0, run("model", "--format", "mermaid"));
        assertTrue(out().startsWith("stateDiagram-v2"));
        assertTrue(out().contains("FIN_WAIT_1 --> CLOSING"));
    }

    @Test
    void aBadFormatIsAOneLineErrorWithExitCode2() {
        assertEquals(2, run("model", "--format", "svg"));
        assertEquals("tcpconform: model: --format must be dot, mermaid or json, not 'svg'", err().strip());
        assertEquals("", out());
    }

    @Test
    void aMissingValueAnUnknownOptionAndAnUnknownCommandAreUsageErrors() {
        assertEquals(2, run("model", "--format"));
        assertEquals(2, run("model", "--colour"));
        assertEquals(2, run("modle"));
        assertEquals(2, run("model", "--profile", "bsd"));
        assertEquals(4, err().strip().lines().count());
    }
}
