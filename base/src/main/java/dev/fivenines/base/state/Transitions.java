package dev.fivenines.base.state;

import dev.fivenines.base.Check;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The legal moves of a state machine over an enum: the table is the whole truth, a move it does not
 * list throws {@link IllegalTransitionException}. Built once per enum (a static field) through
 * {@link #of}, whose builder refuses a table that says nothing of a state, so adding a constant
 * without deciding where it may go fails the enum's first use instead of silently having no moves.
 * Immutable and thread-safe.
 *
 * <p>The table {@link Builder#build built} over a {@link Transitional} enum is that enum's own (one per
 * enum): its constants' {@code canMoveTo} and {@code moveTo} consult it, so the enum declares the table
 * in a static field and nothing else.
 *
 * <pre>{@code
 * Transitions<OrderStatus> MOVES = Transitions.of(OrderStatus.class, "order")
 *         .allow(PLACED, PAID, CANCELLED)
 *         .allow(PAID, SHIPPED, CANCELLED)
 *         .allow(SHIPPED, DELIVERED)
 *         .terminal(DELIVERED, CANCELLED);
 * }</pre>
 *
 * @param <S> the states
 */
public final class Transitions<S extends Enum<S>> {
    /** Each Transitional enum's own table, set once when the enum's static field is built. */
    private static final ClassValue<AtomicReference<Transitions<?>>> OWN = new ClassValue<>() {
        @Override
        protected AtomicReference<Transitions<?>> computeValue(Class<?> type) {
            return new AtomicReference<>();
        }
    };

    private final String subject;
    private final Map<S, Set<S>> next;

    private Transitions(String subject, Map<S, Set<S>> next) {
        this.subject = subject;
        this.next = next;
    }

    /**
     * Starts the table of {@code type}'s moves.
     *
     * @param subject what moves, for messages ("order", "hold"): "order: illegal transition PAID -> PLACED"
     */
    public static <S extends Enum<S>> Builder<S> of(Class<S> type, String subject) {
        return new Builder<>(type, subject);
    }

    /** The table {@code type} built for itself; see {@link Transitional}. */
    @SuppressWarnings("unchecked")
    static <S extends Enum<S>> Transitions<S> ownedBy(Class<S> type) {
        Transitions<?> own = OWN.get(type).get();
        Check.state(own != null, "%s is Transitional but built no Transitions table (give it one in a static field)",
                type.getName());
        return (Transitions<S>) own;
    }

    /** What moves, as messages name it. */
    public String subject() {
        return subject;
    }

    public boolean allows(S from, S to) {
        return next.get(Objects.requireNonNull(from, "from")).contains(Objects.requireNonNull(to, "to"));
    }

    /** The states {@code from} may move to (unmodifiable; empty for a terminal state). */
    public Set<S> targets(S from) {
        return next.get(Objects.requireNonNull(from, "from"));
    }

    public boolean isTerminal(S state) {
        return targets(state).isEmpty();
    }

    /** Returns {@code to} if the table allows {@code from -> to}; throws otherwise, naming the subject. */
    public S check(S from, S to) {
        return check(subject, from, to);
    }

    /**
     * Like {@link #check(Enum, Enum)} with the message naming {@code who} instead of the table's subject
     * (one order, one relay: "order o-123", "outbox relay shop-1").
     */
    public S check(String who, S from, S to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(who, from, to);
        }
        return to;
    }

    @Override
    public String toString() {
        return subject + " transitions " + next;
    }

    /** Collects the table one state at a time; {@link #build} checks that every state was given. */
    public static final class Builder<S extends Enum<S>> {
        private final Class<S> type;
        private final String subject;
        private final Map<S, Set<S>> next;

        private Builder(Class<S> type, String subject) {
            this.type = Objects.requireNonNull(type, "type");
            Check.argument(subject != null && !subject.isBlank(), "a transition table needs a subject");
            this.subject = subject;
            this.next = new EnumMap<>(type);
        }

        /** {@code from} may move to each of {@code targets} (at least one; a state with none is terminal). */
        @SafeVarargs
        public final Builder<S> allow(S from, S... targets) {
            Check.argument(targets.length > 0, "%s: %s is given no moves; declare it terminal instead", subject, from);
            return put(from, EnumSet.copyOf(Arrays.asList(targets)));
        }

        /**
         * Each of {@code states} is final, nothing may leave it; they end the table, so this
         * {@link #build builds} it. (A table with no terminal state calls {@code build} itself.)
         */
        @SafeVarargs
        public final Transitions<S> terminal(S... states) {
            for (S state : states) {
                put(state, EnumSet.noneOf(type));
            }
            return build();
        }

        private Builder<S> put(S from, Set<S> targets) {
            Objects.requireNonNull(from, "from");
            Check.argument(!next.containsKey(from), "%s: the table gives %s twice", subject, from);
            next.put(from, Collections.unmodifiableSet(targets));
            return this;
        }

        /**
         * The table; refuses one that leaves a state out. Over a {@link Transitional} enum it becomes the
         * enum's own, which it can have only one of.
         */
        public Transitions<S> build() {
            Set<S> missing = EnumSet.allOf(type);
            missing.removeAll(next.keySet());
            Check.argument(missing.isEmpty(), "%s: the table says nothing of %s; give its moves or declare it terminal",
                    subject, missing);
            Transitions<S> table = new Transitions<>(subject, Collections.unmodifiableMap(new EnumMap<>(next)));
            if (Transitional.class.isAssignableFrom(type)) {
                Check.argument(OWN.get(type).compareAndSet(null, table), "%s has its transition table already",
                        type.getName());
            }
            return table;
        }
    }
}
