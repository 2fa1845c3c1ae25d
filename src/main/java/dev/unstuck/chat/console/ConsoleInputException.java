package dev.unstuck.chat.console;

/** Bad input from the console: answered 400 with the message as the one-line error; nothing was started. */
public class ConsoleInputException extends RuntimeException {
    public ConsoleInputException(String message) {
        super(message);
    }
}
