package dev.unstuck.cli;

/** Bad input on the command line: exit code 2 and this one-line message, no stack trace. */
class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
