/**
 * Thin role classes: each maps the cluster config and this process's context ({@code RoleContext})
 * onto the module that does the work (edge, shop, inventory, fulfillment, recommendations) and
 * registers its routes and readiness on the process's {@code NodeServer}. {@code RoleRunner} runs one
 * role until SIGTERM and closes what it built in reverse order ({@code Closer}).
 */
package dev.fivenines.node.roles;
