package dev.fivenines.systemtests;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Helidon server and client in fivenines takes its TCP options from {@code web.Sockets}: a
 * server or client built without them has Nagle's algorithm on, and each request after the first on
 * a kept-alive connection waits about 40 ms for the peer's delayed ACK (docs/decisions/018).
 */
class SocketOptionsTest {
    private static final Set<String> BUILDERS = Set.of("io.helidon.webserver.WebServer", "io.helidon.webclient.http1.Http1Client",
            "io.helidon.webclient.api.WebClient", "io.helidon.webclient.http2.Http2Client");

    @Test
    void everyClassThatBuildsAHelidonServerOrClientSetsTheSharedSocketOptions() {
        JavaClasses classes = mainClassesOfEveryModule();
        Set<String> builders = new TreeSet<>();
        Set<String> withoutOptions = new TreeSet<>();
        for (JavaClass c : classes) {
            List<JavaMethodCall> calls = c.getMethodCallsFromSelf().stream().toList();
            boolean builds = calls.stream().anyMatch(call -> call.getName().equals("builder")
                    && BUILDERS.contains(call.getTargetOwner().getName()));
            if (!builds) continue;
            builders.add(c.getName());
            boolean setsOptions = calls.stream().anyMatch(call -> call.getTargetOwner().getName().equals("dev.fivenines.web.Sockets")
                    && call.getName().equals("options"));
            if (!setsOptions) withoutOptions.add(c.getName());
        }
        assertThat(builders).as("classes that build a Helidon server or client (the check would be empty otherwise)")
                .contains("dev.fivenines.web.server.NodeServer", "dev.fivenines.edge.UpstreamClient",
                        "dev.fivenines.loadgen.engine.HttpTransport");
        assertThat(withoutOptions).as("build a Helidon server or client without web.Sockets.options()").isEmpty();
    }

    private static JavaClasses mainClassesOfEveryModule() {
        return ModuleDependenciesTest.classesOf(ModuleDependenciesTest.modulesWithCode().toArray(String[]::new));
    }
}
