package dev.fivenines.node.supervisor;

import dev.fivenines.commerce.catalog.CatalogSeeder;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.TopicAdmin;
import dev.fivenines.events.Topics;
import dev.fivenines.events.db.Database;
import dev.fivenines.events.engines.KafkaBroker;

import java.io.IOException;
import java.nio.file.Path;

/** The supervisor's calls into the engine launchers and the demo data, in one place. */
final class Engines {
    /** Local topics have one replica: there is one broker. Production sets 3 through its own tooling. */
    private static final int LOCAL_REPLICATION = 1;

    private Engines() {
    }

    static Supervisor.EngineHandle startKafka(String java, Path classpath, Path data, int port, int controllerPort, Path log)
            throws IOException {
        KafkaBroker broker = KafkaBroker.start(Path.of(java), classpath, data, port, controllerPort, log);
        return new Supervisor.EngineHandle() {
            @Override
            public long pid() {
                return broker.pid();
            }

            @Override
            public String endpoint() {
                return broker.bootstrapServers();
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    static void ensureTopics(String bootstrap) {
        TopicAdmin.ensureTopics(KafkaSettings.of(bootstrap, "fivenines-supervisor"), Topics.all(), Topics.PARTITIONS,
                LOCAL_REPLICATION);
    }

    static void seedDemoCatalog(Database db, int products, int unitsEach) {
        CatalogSeeder.seedIfEmpty(db, products, unitsEach);
    }
}
