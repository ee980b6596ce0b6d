/**
 * The one transition mechanism for state machines over enums: an enum implements
 * {@link dev.fivenines.base.state.Transitional} and builds its
 * {@link dev.fivenines.base.state.Transitions} table once, in a static field.
 *
 * <p>Guards: the table is the whole truth; a move it does not list throws
 * {@link dev.fivenines.base.state.IllegalTransitionException} naming what moved and both states, and a
 * table that says nothing of a state is refused when built. Tables are immutable and thread-safe.
 * Used by every status enum of the domain modules.
 */
package dev.fivenines.base.state;
