package dev.fivenines.base.state;

/**
 * An enum whose moves a {@link Transitions} table governs. The enum builds the table once, in a static
 * field; building it makes it the enum's own, and every constant gets {@code canMoveTo} and
 * {@code moveTo} from it.
 *
 * <pre>{@code
 * public enum HoldStatus implements Transitional<HoldStatus> {
 *     HELD, COMMITTED, RELEASED;
 *
 *     private static final Transitions<HoldStatus> MOVES = Transitions.of(HoldStatus.class, "hold")
 *             .allow(HELD, COMMITTED, RELEASED)
 *             .allow(COMMITTED, RELEASED)
 *             .terminal(RELEASED);
 * }
 * }</pre>
 *
 * @param <S> the enum itself
 */
public interface Transitional<S extends Enum<S> & Transitional<S>> {
    /** The table of this enum's legal moves (the same for every constant). */
    default Transitions<S> transitions() {
        return Transitions.ownedBy(self().getDeclaringClass());
    }

    default boolean canMoveTo(S next) {
        return transitions().allows(self(), next);
    }

    /** Returns {@code next} if the move is legal; throws {@link IllegalTransitionException} otherwise. */
    default S moveTo(S next) {
        return transitions().check(self(), next);
    }

    /** Like {@link #moveTo(Enum)}, the message naming which one moved: "order o-123: illegal transition ...". */
    default S moveTo(S next, Object id) {
        return transitions().check(transitions().subject() + " " + id, self(), next);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
