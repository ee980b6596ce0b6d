package dev.fivenines.edge.config;

/** One route-table line: method ('*' any), path pattern ('*' one segment, trailing '**' any), class. */
public record TrafficRoute(String method, String path, String criticality) {
}
