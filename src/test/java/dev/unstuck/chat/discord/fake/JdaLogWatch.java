package dev.unstuck.chat.discord.fake;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects WARN and ERROR lines JDA logs during a test. JDA reports a payload it cannot parse by logging and
 * dropping the event, so a silent log is the only proof that the fake speaks Discord correctly.
 */
public final class JdaLogWatch extends AppenderBase<ILoggingEvent> {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger jdaLogger = (Logger) LoggerFactory.getLogger("net.dv8tion");

    public static JdaLogWatch install() {
        JdaLogWatch watch = new JdaLogWatch();
        watch.setName("jda-log-watch");
        watch.setContext(watch.jdaLogger.getLoggerContext());
        watch.start();
        watch.jdaLogger.addAppender(watch);
        return watch;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            String thrown = event.getThrowableProxy() == null ? "" : " / " + event.getThrowableProxy().getClassName()
                    + ": " + event.getThrowableProxy().getMessage();
            lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage() + thrown);
        }
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public void uninstall() {
        jdaLogger.detachAppender(this);
        stop();
    }
}
