/**
 * The JSON payloads of the events commerce writes and reads ({@code fivenines.orders},
 * {@code fivenines.shipments}, {@code fivenines.inventory}), each with its schema version; the event
 * plumbing itself is the {@code events} module's.
 *
 * <p>Guards: a payload changes only by adding optional fields within its version, so a reader of an
 * older record accepts a newer payload and an old payload is written exactly as before; money travels
 * as a decimal string with its currency, never a float. docs/events.md lists them.
 */
package dev.fivenines.commerce.payloads;
