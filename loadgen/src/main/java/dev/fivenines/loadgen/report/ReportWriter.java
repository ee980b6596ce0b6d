package dev.fivenines.loadgen.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fivenines.base.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.json and report.html into the run's output directory. */
public final class ReportWriter {
    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";

    private ReportWriter() {
    }

    public static void write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE),
                Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n");
        Files.writeString(dir.resolve(HTML_FILE), HtmlReport.render(report));
    }
}
