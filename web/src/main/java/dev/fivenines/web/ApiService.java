package dev.fivenines.web;

/** A group of public API routes, wired by a role's composition root. */
public interface ApiService {
    void register(ApiRoutes routes);
}
