package dev.fivenines.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology the project ships ({@code config/local.yaml}), as tests load and edit it. */
final class ShippedConfig {
    static final Path LOCAL = Path.of("../config/local.yaml");

    private ShippedConfig() {
    }

    /** The shipped topology with one edit, written under {@code dir}; fails if the text to edit is gone. */
    static Path withEdit(Path dir, String text, String replacement) throws IOException {
        String yaml = Files.readString(LOCAL);
        assertThat(yaml).as("the shipped local.yaml").contains(text);
        Path file = dir.resolve("edited.yaml");
        Files.writeString(file, yaml.replace(text, replacement));
        return file;
    }
}
