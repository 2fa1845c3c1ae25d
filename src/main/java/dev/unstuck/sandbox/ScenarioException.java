package dev.unstuck.sandbox;

/** A scenario file that cannot be used; the message is one line naming the file, the place and the fix. */
public class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
