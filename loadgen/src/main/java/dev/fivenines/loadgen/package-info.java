/**
 * The {@code fivenines load} and {@code fivenines check} command lines (picocli): options, their
 * checks, the target guard and the live progress line.
 *
 * <p>Guards: every usage error exits 2 naming the option and its legal range, before any traffic;
 * load goes to loopback unless {@code --allow-remote} says otherwise. Entry points only; the work is
 * in the subpackages.
 */
package dev.fivenines.loadgen;
