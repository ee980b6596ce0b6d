package dev.fivenines.base.state;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.fivenines.base.state.TransitionsTest.Light.AMBER;
import static dev.fivenines.base.state.TransitionsTest.Light.GREEN;
import static dev.fivenines.base.state.TransitionsTest.Light.OFF;
import static dev.fivenines.base.state.TransitionsTest.Light.RED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransitionsTest {
    enum Light implements Transitional<Light> {
        RED, GREEN, AMBER, OFF;

        private static final Transitions<Light> MOVES = Transitions.of(Light.class, "light")
                .allow(RED, GREEN, OFF)
                .allow(GREEN, AMBER, OFF)
                .allow(AMBER, RED, AMBER)
                .terminal(OFF);
    }

    /** Transitional, yet builds no table: a bug its first move reports. */
    enum Tableless implements Transitional<Tableless> {
        ONLY
    }

    /** Not Transitional: any number of machines may share it, each with its own table. */
    enum Phase {
        ON, OFF
    }

    private static final Set<String> LEGAL = Set.of("RED->GREEN", "RED->OFF", "GREEN->AMBER", "GREEN->OFF", "AMBER->RED",
            "AMBER->AMBER");

    @Test
    void givenATable_whenEveryPairIsTried_thenExactlyTheListedMovesAreLegalAndTheRestThrowNamingBothStates() {
        for (Light from : Light.values()) {
            for (Light to : Light.values()) {
                String move = from + "->" + to;
                assertThat(Light.MOVES.allows(from, to)).as(move).isEqualTo(LEGAL.contains(move));
                assertThat(from.canMoveTo(to)).as(move).isEqualTo(LEGAL.contains(move));
                if (LEGAL.contains(move)) {
                    assertThat(from.moveTo(to)).isEqualTo(to);
                    assertThat(Light.MOVES.check(from, to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).as(move)
                            .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                                assertThat(e.subject()).isEqualTo("light");
                                assertThat(e.from()).isEqualTo(from);
                                assertThat(e.to()).isEqualTo(to);
                            })
                            .hasMessage("light: illegal transition " + from + " -> " + to);
                }
            }
        }
    }

    @Test
    void givenAnIllegalMove_whenCheckedForOneInstance_thenTheMessageNamesThatInstance() {
        assertThatThrownBy(() -> OFF.moveTo(RED, "l-7"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("light l-7: illegal transition OFF -> RED");
        assertThatThrownBy(() -> Light.MOVES.check("crossing 3", GREEN, RED))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> assertThat(e.subject()).isEqualTo("crossing 3"))
                .hasMessage("crossing 3: illegal transition GREEN -> RED");
        assertThat(AMBER.moveTo(RED, "l-7")).isEqualTo(RED);
    }

    @Test
    void givenATable_thenTargetsAreTheListedOnesAndCannotBeChanged() {
        assertThat(Light.MOVES.targets(RED)).containsExactlyInAnyOrder(GREEN, OFF);
        assertThat(Light.MOVES.targets(OFF)).isEmpty();
        assertThat(Light.MOVES.isTerminal(OFF)).isTrue();
        assertThat(Light.MOVES.isTerminal(AMBER)).isFalse();
        assertThatThrownBy(() -> Light.MOVES.targets(RED).add(AMBER)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenATableThatLeavesStatesOut_whenBuilt_thenItNamesThem() {
        assertThatThrownBy(() -> Transitions.of(Light.class, "light").allow(RED, GREEN).terminal(OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("light: the table says nothing of [GREEN, AMBER]; give its moves or declare it terminal");
        assertThatThrownBy(() -> Transitions.of(Light.class, "light").build())
                .hasMessageContaining("[RED, GREEN, AMBER, OFF]");
    }

    @Test
    void givenAStateGivenTwice_whenBuilt_thenTheBuilderRefusesIt() {
        assertThatThrownBy(() -> Transitions.of(Light.class, "light").allow(RED, GREEN).allow(RED, OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("light: the table gives RED twice");
        assertThatThrownBy(() -> Transitions.of(Light.class, "light").allow(OFF, RED).terminal(OFF))
                .hasMessage("light: the table gives OFF twice");
    }

    @Test
    void givenAStateWithNoTargets_whenAllowed_thenTheBuilderAsksForTerminal() {
        assertThatThrownBy(() -> Transitions.of(Light.class, "light").allow(OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("light: OFF is given no moves; declare it terminal instead");
    }

    @Test
    void givenATransitionalEnum_thenItsConstantsUseTheTableItBuiltAndNoSecondOne() {
        assertThat(RED.transitions()).isSameAs(Light.MOVES);
        assertThat(OFF.transitions()).isSameAs(Light.MOVES);
        assertThatThrownBy(() -> Transitions.of(Light.class, "other light").allow(RED, GREEN).allow(GREEN, AMBER)
                .allow(AMBER, RED).terminal(OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Light.class.getName() + " has its transition table already");
        assertThat(RED.transitions()).isSameAs(Light.MOVES);
    }

    @Test
    void givenATransitionalEnumWithoutATable_whenItMoves_thenItSaysSo() {
        assertThatThrownBy(() -> Tableless.ONLY.canMoveTo(Tableless.ONLY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Tableless.class.getName() + " is Transitional but built no Transitions table");
    }

    @Test
    void givenAPlainEnum_thenSeveralMachinesMayHaveTablesOverItAndACycleNeedsNoTerminalState() {
        Transitions<Phase> toggle = Transitions.of(Phase.class, "switch").allow(Phase.ON, Phase.OFF).allow(Phase.OFF, Phase.ON)
                .build();
        Transitions<Phase> fuse = Transitions.of(Phase.class, "fuse").allow(Phase.ON, Phase.OFF).terminal(Phase.OFF);

        assertThat(toggle.allows(Phase.OFF, Phase.ON)).isTrue();
        assertThat(fuse.allows(Phase.OFF, Phase.ON)).isFalse();
        assertThatThrownBy(() -> fuse.check(Phase.OFF, Phase.ON)).hasMessage("fuse: illegal transition OFF -> ON");
    }

    @Test
    void givenNoSubject_whenStarted_thenTheBuilderRefuses() {
        assertThatThrownBy(() -> Transitions.of(Light.class, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
