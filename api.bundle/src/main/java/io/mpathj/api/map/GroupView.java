package io.mpathj.api.map;

import java.util.List;

/**
 * One priority group.
 *
 * @param number 1-based, as {@code switch_group} takes it
 * @param state the kernel's A (the current group), D (bypassed) or E (enabled)
 * @param selector the path selector's name
 * @param paths in table order
 */
public record GroupView(int number, State state, String selector, List<PathView> paths) {
    public GroupView {
        paths = List.copyOf(paths);
    }

    /** The kernel's group states, with the words {@code multipath -ll} prints for them. */
    public enum State {
        ACTIVE("A", "active"), ENABLED("E", "enabled"), DISABLED("D", "disabled");

        private final String letter;
        private final String word;

        State(String letter, String word) {
            this.letter = letter;
            this.word = word;
        }

        /** The INFO status letter. */
        public String letter() {
            return letter;
        }

        /** {@code multipath -ll}'s status word. */
        public String word() {
            return word;
        }
    }
}
