/**
 * Admission control over HTTP, for the edge and every shop: the controller a node's config asks
 * for and its admin switch ({@link dev.fivenines.edge.admission.AdmissionAdmin}), the filter that
 * takes a slot before any work starts ({@link dev.fivenines.edge.admission.AdmissionFilter}), and
 * its decisions on {@code /metrics} ({@link dev.fivenines.edge.admission.AdmissionMeters}).
 *
 * <p>Guards: every admitted request gives its permit back exactly once, with an outcome that feeds
 * the adaptive limit only when it says something about capacity; refusals are 503 (429 for a
 * client quota) with Retry-After as problem+json; health and metrics are never refused.
 */
package dev.fivenines.edge.admission;
