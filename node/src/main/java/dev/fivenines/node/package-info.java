/**
 * The fivenines executable: {@code Main} runs the picocli command tree that {@code ./fivenines}
 * starts with the JDK it found. Every other module is a library; only this one is a program, and
 * nothing outside it may depend on it (docs/architecture.md, ModuleDependenciesTest).
 */
package dev.fivenines.node;
