/**
 * The edge: the one HTTP entry point of the shop, the Helidon adapter of the {@code traffic} module.
 * {@link dev.fivenines.edge.Edge} wires it: {@link dev.fivenines.edge.EdgeProxy} classifies, admits
 * and forwards every {@code /api/v1} request to an instance of the serving role from its
 * {@link dev.fivenines.edge.UpstreamPool} (health-probed, drainable, outlier-ejected, with a retry
 * budget and adaptive throttle), {@link dev.fivenines.edge.EdgeSessions} issues the signed session
 * cookies the value model ranks by, and {@link dev.fivenines.edge.EdgeAdmin} is the token-protected
 * admin of pools and traffic.
 *
 * <p>Guards: a request is forwarded only after admission said yes, and its permit is released
 * exactly once; retries stay within the budget; headers a client sent are never trusted for
 * priority or identity beyond {@code traffic.trustedProxies}.
 */
package dev.fivenines.edge;
