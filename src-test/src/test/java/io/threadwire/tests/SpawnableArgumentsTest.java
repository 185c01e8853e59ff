package io.threadwire.tests;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.Node;
import org.junit.jupiter.api.Test;

/** Node.spawnable's null arguments are named as its parameters are. */
class SpawnableArgumentsTest {

    /** Scenario: a behaviour declared with a null name. */
    @Test
    void aNullBehaviourNameIsCalledBehaviour() {
        try (Node node = Node.start(0)) {
            assertThatThrownBy(() -> node.spawnable(null, args -> { }))
                    .isInstanceOf(NullPointerException.class).hasMessage("behaviour");
            assertThatThrownBy(() -> node.spawnable(null, String.class, s -> { }))
                    .isInstanceOf(NullPointerException.class).hasMessage("behaviour");
        }
    }
}
