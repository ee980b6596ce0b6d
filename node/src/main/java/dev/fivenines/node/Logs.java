package dev.fivenines.node;

import dev.fivenines.telemetry.JsonLogFormatter;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Logging set-up: JSON lines on stdout for role processes, terse text for the CLI. */
public final class Logs {
    private Logs() {
    }

    public static void json(String service, String instance) {
        install(new JsonLogFormatter(service, instance), Level.INFO);
    }

    public static void cli() {
        install(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getLevel().getName().toLowerCase() + ": " + formatMessage(record) + System.lineSeparator();
            }
        }, Level.WARNING);
    }

    private static void install(Formatter formatter, Level level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        PrintStream out = System.out;
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    out.print(formatter.format(record));
                    out.flush();
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        });
        // Chatty libraries: their INFO lines are start-up noise; warnings still come through.
        for (String noisy : new String[] {"org.apache.kafka", "com.zaxxer.hikari", "org.flywaydb", "io.helidon"}) {
            Logger.getLogger(noisy).setLevel(Level.WARNING);
        }
    }
}
