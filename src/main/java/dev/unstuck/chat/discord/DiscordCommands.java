package dev.unstuck.chat.discord;

import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;

import java.util.List;

/** The slash commands Unstuck registers; guild-only, since approvals rest on the roles members have in a guild. */
public final class DiscordCommands {
    public static final String STUCK = "ns-stuck";
    public static final String STATUS = "ns-stuck-status";
    public static final String HISTORY = "ns-stuck-history";
    public static final String MUTE = "ns-stuck-mute";
    public static final String FOR = "for";
    public static final String NAMESPACE = "namespace";
    public static final String CLUSTER = "cluster";
    public static final String WORKFLOW_ID = "workflow-id";

    private DiscordCommands() {
    }

    public static List<CommandData> all() {
        return List.of(
                Commands.slash(STUCK, "Diagnose a namespace stuck in Terminating and propose a repair")
                        .addOptions(namespace(true), cluster())
                        .setContexts(InteractionContextType.GUILD),
                Commands.slash(STATUS, "Where the remediations stand (one namespace, or all of them)")
                        .addOptions(namespace(false), cluster())
                        .setContexts(InteractionContextType.GUILD),
                Commands.slash(HISTORY, "Timeline of a remediation: who asked, diagnosis, decisions, changes")
                        .addOptions(namespace(false), cluster(),
                                new OptionData(OptionType.STRING, WORKFLOW_ID, "workflow id, e.g. unstuck/prod/dev",
                                        false))
                        .setContexts(InteractionContextType.GUILD),
                Commands.slash(MUTE, "No new alert card for a cluster for a while (its approvers only)")
                        // Required options come first: Discord refuses a required one after an optional one.
                        .addOptions(new OptionData(OptionType.STRING, FOR,
                                "how long: 30m, 2h, 1d (at most 7d); 0 lifts the mute", true), cluster())
                        .setContexts(InteractionContextType.GUILD));
    }

    private static OptionData namespace(boolean required) {
        return new OptionData(OptionType.STRING, NAMESPACE, "the namespace", required, true);
    }

    private static OptionData cluster() {
        return new OptionData(OptionType.STRING, CLUSTER, "cluster alias (default: the only or default cluster)",
                false, true);
    }
}
