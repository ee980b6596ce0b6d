/**
 * Test fixtures shared through this module's test jar: one real PostgreSQL per test JVM and a fresh,
 * migrated database per caller, so test classes never see each other's rows.
 */
package dev.fivenines.db.testing;
