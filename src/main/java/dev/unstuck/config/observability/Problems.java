package dev.unstuck.config.observability;

/** Health details carry one line per failure: the message people act on, never a stack trace. */
final class Problems {
    private Problems() {
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }
}
