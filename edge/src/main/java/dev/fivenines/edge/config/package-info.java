/**
 * The edge's configuration records, the {@code traffic} section of the cluster file
 * ({@link dev.fivenines.edge.config.Traffic} and its parts): immutable, with named defaults and a
 * builder, and validated by building the traffic module's own configs, whose messages name the key
 * and its legal range. The node's config loader reads the file and the environment into them.
 */
package dev.fivenines.edge.config;
