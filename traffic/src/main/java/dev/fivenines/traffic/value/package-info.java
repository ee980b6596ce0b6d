/**
 * Per-session value for ranking within a criticality class: the session features, an online
 * logistic regression (AdaGrad) that learns from what sessions do, and signed session tokens that
 * carry a session id the edge issued.
 *
 * <p>Guards: bounded memory (at most {@code maxSessions} tracked, least recently active forgotten
 * first); a refused or failed session teaches nothing, so the model never learns its own shedding
 * (docs/decisions/013); the model ranks by what the edge saw, never by what a client claims: a session
 * or customer token whose MAC fails, whose kind differs or that has expired verifies as no token.
 * The model, regression and tokens are thread-safe (synchronized); time is injected. Used by the edge.
 */
package dev.fivenines.traffic.value;
