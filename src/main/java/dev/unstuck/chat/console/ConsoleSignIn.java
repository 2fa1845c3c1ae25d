package dev.unstuck.chat.console;

import dev.unstuck.chat.RefusalLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What Spring Security answers a request that is not signed in: 401 with the challenge of the console's mode (the
 * browser then asks for the password, or the page for the token) and the console's one-line JSON error. Wrong
 * credentials, unlike missing ones, are also recorded in the refusal log.
 */
final class ConsoleSignIn implements AuthenticationEntryPoint {
    static final String REALM = "Unstuck console";
    private static final byte[] BODY = "{\"error\":\"sign in to use the Unstuck console\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final ConsoleAuthMode mode;

    ConsoleSignIn(ConsoleAuthMode mode) {
        this.mode = mode;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (!(e instanceof InsufficientAuthenticationException)) {
            RefusalLog.refused(ConsoleChatPort.ADAPTER, "a client at " + request.getRemoteAddr(),
                    request.getMethod() + " " + request.getRequestURI(), "sign-in refused: " + e.getMessage());
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", mode == ConsoleAuthMode.BEARER ? "Bearer realm=\"" + REALM + "\""
                : "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.setContentType("application/json");
        response.getOutputStream().write(BODY);
    }
}
