/**
 * The release gate: frozen while an SLO's budget is spent or its page alert fires, opened only by an
 * audited, expiring break-glass override. Pure decisions over states the caller measured.
 */
package dev.fivenines.slo.gate;
