package dev.unstuck.chat.console;

import dev.unstuck.chat.RefusalLog;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns refused input into {@code 4xx {"error": "..."}} for the console's controllers, and nothing else. */
@RestControllerAdvice(assignableTypes = {ConsoleController.class, WorkflowController.class,
        SandboxController.class, AlertsController.class, SandboxDrillController.class})
@ConditionalOnConsole
public class ConsoleErrors {

    @ExceptionHandler(ConsoleInputException.class)
    public ResponseEntity<ApiError> refused(ConsoleInputException e) {
        return ResponseEntity.badRequest().body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        // The parser's own message quotes the input and spans lines; one plain sentence is more useful.
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ApiError("the request body must be a JSON"
                + " object like {\"user\":\"alice\",\"text\":\"/ns-stuck dev\"}"));
    }

    /** A form or plain text, which is also what a page of another site would post: refused, nothing done. */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ApiError> notJson(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String answer = "send JSON (Content-Type: application/json)";
        RefusalLog.refused(ConsoleChatPort.ADAPTER, request.getRemoteUser() == null ? "a client at "
                + request.getRemoteAddr() : ConsoleChatPort.ADAPTER + ":" + request.getRemoteUser(),
                request.getMethod() + " " + request.getRequestURI() + " as " + e.getContentType(), answer);
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new ApiError(answer));
    }
}
