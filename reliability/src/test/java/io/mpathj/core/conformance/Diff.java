package io.mpathj.core.conformance;

/** One answer of mpathj that is not the kernel's, at one step of a case. */
record Diff(Kind kind, String where, String kernel, String mpathj) {

    enum Kind {
        /** {@code dmsetup table c} after the step. */
        TABLE("table"),
        /** {@code dmsetup status c} after the step. */
        STATUS("status"),
        /** what a step printed ({@code dmsetup status} / {@code table} of every map). */
        STDOUT("stdout"),
        /** the kernel accepted what mpathj refused. */
        REFUSED("the kernel accepted, mpathj refused"),
        /** the kernel refused what mpathj accepted. */
        ACCEPTED("the kernel refused, mpathj accepted"),
        /** both refused, mpathj's text does not start with the kernel's. */
        TEXT("refused with another text"),
        /** the I/O's result: 0 done, 1 failed, pending. */
        IO("I/O result (0 done, 1 failed, pending)"),
        /** the kernel has the map after the step, mpathj has none. */
        NO_MAP("the kernel has the map, mpathj has none"),
        /** mpathj has a map after the step, the kernel has none. */
        EXTRA_MAP("the kernel has no map, mpathj has one");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(where).append(": ").append(kind.text);
        if (kernel != null) {
            sb.append("\n  kernel: [").append(kernel).append(']');
        }
        if (mpathj != null) {
            sb.append("\n  mpathj: [").append(mpathj).append(']');
        }
        return sb.toString();
    }
}
