package tcpconform.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import tcpconform.model.graph.GraphExport;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.profile.Profile;

/** The README's state diagram is the one the model draws; regenerate it when the model changes. */
class ReadmeDiagramTest {

    @Test
    void theReadmeShowsTheDiagramDrawnFromTheModel() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String diagram = GraphExport.mermaid(StateGraph.of(Profile.BASELINE), false);
        assertTrue(readme.contains("```mermaid\n" + diagram + "```"),
                "README.md is stale: paste the output of `tcpconform.jar model --format mermaid`");
    }
}
