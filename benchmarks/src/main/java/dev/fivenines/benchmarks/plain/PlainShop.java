package dev.fivenines.benchmarks.plain;

import dev.fivenines.base.Closer;
import dev.fivenines.base.PeriodicLoop;
import dev.fivenines.commerce.payment.SimulatedPaymentProvider;
import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.db.PostgresServer;
import dev.fivenines.web.Sockets;
import io.helidon.webserver.WebServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The baseline of issue 16: the same buy session built the way most shops are, one JVM and one
 * PostgreSQL, with no Raft, no Kafka, no edge, no tracing or metrics. Paid orders are shipped by a
 * background job, as fivenines' fulfilment ships them, so the asynchronous work counts too.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) dev.fivenines.benchmarks.plain.PlainShop
 *   [--port 9180] [--pg-port 0] [--data target/plain-shop] [--products 1000] [--units 1000000]
 *   [--payment-latency-ms 15] [--pool 16]
 * </pre>
 *
 * It prints one line {@code plain shop ready at URL pids SHOP,POSTMASTER} once it serves, writes the
 * same to {@code DATA/ready}, and stops on SIGTERM, PostgreSQL with it.
 */
public final class PlainShop {
    private PlainShop() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                System.err.println("plain shop: expected --option value, got '" + args[i] + "'");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        int port = Integer.parseInt(options.getOrDefault("port", "9180"));
        Path data = Path.of(options.getOrDefault("data", "target/plain-shop"));
        Closer closer = new Closer();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            PostgresServer postgres = closer.add(PostgresServer.start(data.resolve("postgres"), Integer.parseInt(options.getOrDefault("pg-port", "0"))));
            Database db = Database.connect(DbSettings.of(postgres.jdbcUrl(), PostgresServer.USER, "")
                    .withPoolSize(Integer.parseInt(options.getOrDefault("pool", "16"))), "plain-shop");
            closer.add(db);
            PlainStore store = new PlainStore(db, SimulatedPaymentProvider.create(
                    Long.parseLong(options.getOrDefault("payment-latency-ms", "15")), 0.0, 1));
            store.createSchema();
            store.seed(Integer.parseInt(options.getOrDefault("products", "1000")), Integer.parseInt(options.getOrDefault("units", "1000000")));
            PeriodicLoop shipper = new PeriodicLoop("plain-shipper", Duration.ofMillis(200), Duration.ofSeconds(5),
                    () -> store.shipPaid(500), "paid orders wait for the next round");
            closer.add(shipper);
            shipper.start();
            PlainApi api = new PlainApi(store);
            WebServer server = WebServer.builder().host("127.0.0.1").port(port).connectionOptions(Sockets.options())
                    .routing(api::routes).build().start();
            closer.add((AutoCloseable) server::stop);
            String ready = "plain shop ready at http://127.0.0.1:" + server.port() + " pids " + ProcessHandle.current().pid()
                    + "," + postgres.postmasterPid().orElse(-1);
            Files.writeString(data.resolve("ready"), ready + "\n");
            System.out.println(ready);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closer.close();
                stopped.countDown();
            }, "plain-shop-stop"));
            stopped.await();
        } catch (Exception e) {
            closer.close();
            throw e;
        }
    }
}
