/**
 * YAML whose every key and value knows its line ({@link dev.fivenines.base.yaml.LocatedYaml}), for
 * hand-written files (SLOs, policies) whose errors must name the file, the line and the key.
 * Immutable results; no framework types.
 */
package dev.fivenines.base.yaml;
