package tcpconform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import org.junit.jupiter.api.Test;

/**
 * The stack and the model are separate implementations of RFC 9293 (design.md, "Modules"): if
 * the stack used the model, checking one against the other would prove nothing. The stack's
 * pom bans the dependency; this test checks the classes themselves.
 */
class StackIndependenceTest {

    private final JavaClasses stack = new ClassFileImporter().importPackages("tcpconform.stack");

    @Test
    void theStackNeverDependsOnTheModel() {
        noClasses().that().resideInAPackage("tcpconform.stack..")
                .should().dependOnClassesThat().resideInAnyPackage("tcpconform.model..", "org.jgrapht..")
                .check(stack);
    }

    @Test
    void theStackNeverDependsOnTheHarness() {
        noClasses().that().resideInAPackage("tcpconform.stack..")
                .should().dependOnClassesThat().resideInAnyPackage("tcpconform.cli..", "tcpconform.conformance..")
                .check(stack);
    }
}
