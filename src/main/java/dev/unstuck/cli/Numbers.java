package dev.unstuck.cli;

/** Whole-number options, with the one-line messages the CLI has always given. */
final class Numbers {
    private Numbers() {
    }

    static int parse(String option, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return n;
    }
}
