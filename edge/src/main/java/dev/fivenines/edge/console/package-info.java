/**
 * The operations console the edge serves at {@code /console} (docs/console.md): its sign-in and
 * session cookie ({@link dev.fivenines.edge.console.ConsoleSessions}, decision 042), who may call the
 * admin API ({@link dev.fivenines.edge.console.AdminAccess}: the bearer token, or the cookie plus a
 * CSRF header for what changes something), its pages ({@link dev.fivenines.edge.console.ConsoleRoutes})
 * and the topology it aggregates from every instance ({@link dev.fivenines.edge.console.ConsoleTopology}).
 */
package dev.fivenines.edge.console;
