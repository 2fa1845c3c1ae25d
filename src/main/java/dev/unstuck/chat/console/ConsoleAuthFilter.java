package dev.unstuck.chat.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Guards every console URL, pages included, when authentication is on: with Basic the browser then asks for the
 * password once and sends it with every call the page makes. The identity is stored on the request, where the
 * controllers take it instead of the body's "user".
 */
public final class ConsoleAuthFilter extends OncePerRequestFilter {
    public static final String IDENTITY = ConsoleIdentity.class.getName();

    private final ConsoleAuthenticator authenticator;

    public ConsoleAuthFilter(ConsoleAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authenticator.mode() == ConsoleAuthMode.NONE) {
            chain.doFilter(request, response);
            return;
        }
        var identity = authenticator.authenticate(request.getHeader("Authorization"));
        if (identity.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", authenticator.challenge());
            response.setContentType("application/json");
            response.getOutputStream().write("{\"error\":\"sign in to use the Unstuck console\"}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(IDENTITY, identity.get());
        chain.doFilter(request, response);
    }
}
