/**
 * The command line: one picocli command per verb ({@code up}, {@code down}, {@code status},
 * {@code trace}, {@code load}, {@code check}, and {@code role}, which the supervisor runs). Guards the
 * CLI's contract: every verb answers {@code --help}, a usage error exits 2 with one line naming what
 * was wrong, {@code status} exits 0 READY, 3 not running, 4 DEGRADED.
 */
package dev.fivenines.node.cli;
