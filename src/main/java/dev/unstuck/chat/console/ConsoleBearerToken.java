package dev.unstuck.chat.console;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.AuthenticationConverter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * {@code Authorization: Bearer <token>} for {@code unstuck.console.auth: bearer}: the token a request presents,
 * read by {@link #converter()}, and checked by {@link #provider} against the configured one. Both plug into Spring
 * Security's own {@code AuthenticationFilter}; the comparison is of digests with {@link MessageDigest#isEqual}, so
 * its time tells nothing about the token.
 */
final class ConsoleBearerToken extends AbstractAuthenticationToken {
    /** Tokens shorter than this are refused at start-up: 32 random hex characters are 128 bits. */
    static final int MIN_LENGTH = 32;

    private final String token;

    private ConsoleBearerToken(String token) {
        super(List.of());
        this.token = token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    /** Reads a bearer token from the request; anything else (no header, Basic) stays unauthenticated. */
    static AuthenticationConverter converter() {
        return request -> {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return null;
            }
            return new ConsoleBearerToken(header.substring(7).strip());
        };
    }

    /** Signs the right token in as {@code user} with {@code roles}; any other is a bad credential. */
    static AuthenticationProvider provider(String configuredToken, String user, List<String> roles) {
        byte[] expected = sha256(configuredToken);
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String presented = (String) authentication.getCredentials();
                // Digests first: isEqual is constant-time only for equal lengths, and digests always are.
                if (!MessageDigest.isEqual(sha256(presented), expected)) {
                    throw new BadCredentialsException("wrong bearer token");
                }
                return UsernamePasswordAuthenticationToken.authenticated(user, null,
                        AuthorityUtils.createAuthorityList(roles));
            }

            @Override
            public boolean supports(Class<?> type) {
                return ConsoleBearerToken.class.isAssignableFrom(type);
            }
        };
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
