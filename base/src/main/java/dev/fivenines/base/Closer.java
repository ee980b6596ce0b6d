package dev.fivenines.base;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes what a role or component started in reverse order of registration (consumers and loops
 * before the database they use). Every failure is logged with what did not close; none stops the others.
 */
public final class Closer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Closer.class.getName());
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    public <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not close " + resource.getClass().getSimpleName(), e);
            }
        }
    }
}
