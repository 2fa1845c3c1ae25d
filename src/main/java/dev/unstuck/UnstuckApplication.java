package dev.unstuck;

import dev.unstuck.cli.UnstuckCli;
import dev.unstuck.config.EmbeddedTemporalDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One executable: {@code diagnose}, {@code repair}, {@code sandbox}, {@code report} and {@code completion} run as
 * plain commands (fast, quiet, no server); anything else starts the bot with Spring properties as arguments.
 */
@SpringBootApplication
public class UnstuckApplication {

    public static void main(String[] args) {
        if (args.length > 0 && UnstuckCli.COMMANDS.contains(args[0])) {
            // Commands print results on stdout; logging goes to stderr and only from WARN up.
            System.setProperty("logback.configurationFile", "unstuck-cli-logback.xml");
            UnstuckCli.main(args);
            return;
        }
        bot().run(args);
    }

    /** The bot exactly as {@code java -jar unstuck.jar} starts it; tests start this too. */
    public static SpringApplication bot() {
        SpringApplication app = new SpringApplication(UnstuckApplication.class);
        // No Temporal target configured: run the embedded server (history in memory; logged loudly at start-up).
        app.addListeners(new EmbeddedTemporalDefaults());
        return app;
    }
}
