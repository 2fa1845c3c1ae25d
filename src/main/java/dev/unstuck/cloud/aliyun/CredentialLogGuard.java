package dev.unstuck.cloud.aliyun;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps STS tokens out of the logs. The OpenAPI puts SecurityToken into the request's query string, and the SDK's
 * HTTP client logs that query at DEBUG ("Executing request POST /?SecurityToken=..." and its wire log), so turning on
 * debug logging for troubleshooting would otherwise write a live credential to disk. Installed on the logging context
 * rather than as a level because levels are exactly what an operator changes while troubleshooting.
 */
final class CredentialLogGuard extends TurboFilter {
    private static final String NAME = "unstuck-credential-log-guard";
    private static final String MARKER = "SecurityToken=";

    private CredentialLogGuard() {
        setName(NAME);
    }

    /** Idempotent; re-checked per client because a logging reset (Spring Boot does one at start-up) drops filters. */
    static void install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        synchronized (context) {
            boolean present = context.getTurboFilterList().stream().anyMatch(f -> NAME.equals(f.getName()));
            if (!present) {
                CredentialLogGuard guard = new CredentialLogGuard();
                guard.setContext(context);
                guard.start();
                context.addTurboFilter(guard);
            }
        }
    }

    @Override
    public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
                              Object[] params, Throwable t) {
        if (format == null && params == null) {
            return FilterReply.NEUTRAL;
        }
        // The HTTP client's request and wire logs carry the full signed query; nothing in them is worth the risk.
        if (level != null && !level.isGreaterOrEqual(Level.INFO) && logger.getName().startsWith("org.apache.http")) {
            return FilterReply.DENY;
        }
        if (format != null && format.contains(MARKER)) {
            return FilterReply.DENY;
        }
        if (params != null) {
            for (Object p : params) {
                if (p != null && String.valueOf(p).contains(MARKER)) {
                    return FilterReply.DENY;
                }
            }
        }
        return FilterReply.NEUTRAL;
    }
}
