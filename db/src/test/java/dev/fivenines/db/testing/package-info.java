/**
 * Test fixtures shared through this module's test jar: one real PostgreSQL per test JVM and a fresh,
 * migrated database per caller, so test classes never see each other's rows; and {@code MutableClock}, a
 * clock tests move by hand, here because every module with tests that need one uses this jar.
 */
package dev.fivenines.db.testing;
