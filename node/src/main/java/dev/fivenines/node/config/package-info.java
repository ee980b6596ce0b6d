/**
 * The cluster's configuration: {@code ClusterConfig} loads a YAML file ({@code config/local.yaml} by default) and the
 * {@code FIVENINES_*} environment over it, refuses unknown keys and out-of-range values with a
 * {@code ConfigException} naming the key, and builds each module's own config records (the edge's
 * {@code edge.config}, the shop's, the ledger's). Secrets come only from the environment.
 */
package dev.fivenines.node.config;
