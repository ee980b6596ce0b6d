/** Prometheus recording and alerting rules for the SLOs, in the shape Sloth generates. */
package dev.fivenines.slo.rules;
