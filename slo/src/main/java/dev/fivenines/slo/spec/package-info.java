/**
 * OpenSLO v1 {@code SLO} documents: {@link dev.fivenines.slo.spec.OpenSloLoader} validates them
 * (errors name the file, the line, the key and the legal values) into immutable
 * {@link dev.fivenines.slo.spec.Slo} records.
 */
package dev.fivenines.slo.spec;
