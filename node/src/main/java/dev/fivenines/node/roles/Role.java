package dev.fivenines.node.roles;

import dev.fivenines.web.server.NodeServer;

/**
 * One kind of process. {@link #configure} wires the role's parts into the server and returns what
 * must be closed at shutdown, in the order given (background loops before their data sources).
 */
public interface Role {
    String name();

    AutoCloseable configure(RoleContext context, NodeServer server) throws Exception;
}
