package dev.fivenines.base.yaml;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocatedYamlTest {
    private static final String TWO_DOCUMENTS = """
            apiVersion: openslo/v1
            kind: SLO
            spec:
              objectives:
                - displayName: first
                  target: 0.99
                - target: 0.999
              list: [a, b]
            ---
            kind: Other
            nested:
              deeper:
                value: 3
            """;

    @Test
    void everyKeyAndValueKnowsItsLineInEachDocument() {
        List<LocatedYaml.Document> docs = LocatedYaml.read(TWO_DOCUMENTS, "slo.yaml");

        assertThat(docs).hasSize(2);
        LocatedYaml.Document first = docs.get(0);
        assertThat(first.root().path("spec").path("objectives").get(1).path("target").asDouble()).isEqualTo(0.999);
        assertThat(first.line("kind")).isEqualTo(2);
        assertThat(first.line("spec.objectives[0].displayName")).isEqualTo(5);
        assertThat(first.line("spec.objectives[0].target")).isEqualTo(6);
        assertThat(first.line("spec.objectives[1]")).isEqualTo(7);
        assertThat(first.line("spec.objectives[1].target")).isEqualTo(7);
        assertThat(first.line("spec.list[1]")).isEqualTo(8);
        LocatedYaml.Document second = docs.get(1);
        assertThat(second.line("kind")).isEqualTo(10);
        assertThat(second.line("nested.deeper.value")).isEqualTo(13);
    }

    @Test
    void aPathThatIsNotThereTakesItsNearestAncestorsLine() {
        LocatedYaml.Document doc = LocatedYaml.read(TWO_DOCUMENTS, "slo.yaml").get(0);

        assertThat(doc.line("spec.objectives[0].missing")).isEqualTo(5);
        assertThat(doc.line("spec.nothing[3]")).isEqualTo(3);
        assertThat(doc.line("nowhere")).isEqualTo(1);
        assertThat(doc.error("spec.objectives[1].target", "must be below 1").getMessage())
                .isEqualTo("slo.yaml:7: spec.objectives[1].target must be below 1");
    }

    @Test
    void brokenYamlNamesTheFileAndTheLine() {
        assertThatThrownBy(() -> LocatedYaml.read("a: 1\nb: [unclosed\nc: 2\n", "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bad.yaml: not valid YAML:")
                .hasMessageContaining("line ");
    }
}
