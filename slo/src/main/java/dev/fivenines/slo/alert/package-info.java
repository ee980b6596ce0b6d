/**
 * Multiwindow, multi-burn-rate alerts (the SRE workbook's page and ticket conditions), with a time
 * compression that scales every window for demos and tests.
 */
package dev.fivenines.slo.alert;
