package dev.unstuck.cli;

import dev.unstuck.diagnosis.ClusterUnreachableException;
import dev.unstuck.sandbox.ScenarioException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The {@code diagnose}, {@code repair}, {@code sandbox}, {@code report} and {@code completion} commands. Exit codes:
 * 0 a verdict was produced (or the repair ran), 2 bad input (one line on stderr, no stack trace, nothing written
 * anywhere), 1 the cluster, the cloud or Temporal could not be reached, 3 a report does not match its history.
 */
@Command(name = "unstuck", mixinStandardHelpOptions = true, versionProvider = UnstuckCli.Version.class,
        description = "Find out why a Kubernetes namespace is stuck in Terminating and repair the cause.",
        footer = {"", "Exit codes: 0 done, 1 the cluster, the cloud or Temporal could not be reached, 2 bad input,"
                + " 3 a report does not match its history."})
public final class UnstuckCli implements Callable<Integer> {
    public static final Set<String> COMMANDS = Set.of("diagnose", "repair", "sandbox", "report", "completion",
            "help", "--help", "-h", "--version", "-V");

    static final int OK = 0;
    static final int UNREACHABLE = 1;
    static final int BAD_INPUT = 2;

    private final CliContext cli;

    public UnstuckCli(PrintStream out, PrintStream err, InputStream in, boolean interactive) {
        this.cli = new CliContext(out, err, in, interactive);
    }

    public static void main(String[] args) {
        System.exit(new UnstuckCli(System.out, System.err, System.in, System.console() != null).run(args));
    }

    /** The command line, as the completion script and {@code --help} describe it. */
    CommandLine commandLine() {
        CommandLine cmd = new CommandLine(this);
        cmd.addSubcommand(new DiagnoseCommand(cli));
        cmd.addSubcommand(new RepairCommand(cli));
        cmd.addSubcommand(new SandboxCommand(cli));
        cmd.addSubcommand(new ReportCommand(cli));
        cmd.addSubcommand(new CompletionCommand(cli));
        cmd.addSubcommand(new CommandLine.HelpCommand());
        cmd.setOut(new PrintWriter(cli.out(), true));
        cmd.setErr(new PrintWriter(cli.err(), true));
        cmd.setOverwrittenOptionsAllowed(false);
        cmd.setParameterExceptionHandler((e, args) -> badInput(describe(e, args)));
        cmd.setExecutionExceptionHandler((e, command, parsed) -> failure(e));
        return cmd;
    }

    public int run(String... args) {
        return commandLine().execute(args);
    }

    /** Without a subcommand: the usage, on stderr, as bad input. */
    @Override
    public Integer call() {
        cli.err().println("error: name a command: diagnose, repair, sandbox, report or completion (unstuck --help)");
        return BAD_INPUT;
    }

    private int badInput(String message) {
        cli.err().println("error: " + oneLine(message));
        return BAD_INPUT;
    }

    private int failure(Exception e) {
        if (e instanceof UsageException || e instanceof ScenarioException) {
            return badInput(e.getMessage());
        }
        if (e instanceof ClusterUnreachableException c) {
            cli.err().println("error: cannot reach the Kubernetes API at " + c.serverUrl() + ": "
                    + oneLine(c.getMessage()));
            return UNREACHABLE;
        }
        if (e instanceof KubernetesClientException) {
            cli.err().println("error: the Kubernetes API failed: " + oneLine(e.getMessage()));
            return UNREACHABLE;
        }
        if (e instanceof ReportCommand.TemporalUnreachableException) {
            cli.err().println("error: " + oneLine(e.getMessage()));
            return UNREACHABLE;
        }
        cli.err().println("error: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        return UNREACHABLE;
    }

    /** picocli's parse errors, in the words this CLI has always used: one line that says what to do. */
    static String describe(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        String command = where.getCommandName();
        for (OptionSpec flag : where.getCommandSpec().options()) {
            for (String arg : args) {
                if (flag.arity().max() == 0 && arg.startsWith(flag.longestName() + "=")) {
                    return flag.longestName() + " takes no value";
                }
            }
        }
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            if (where.getParent() == null && !first.startsWith("-")) {
                return "unknown command '" + first + "'; use diagnose, repair, sandbox, report or completion";
            }
            if (first.startsWith("--")) {
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                OptionSpec flag = where.getCommandSpec().findOption(name);
                if (flag != null && flag.arity().max() == 0) {
                    return name + " takes no value";
                }
                List<String> like = u.getSuggestions();
                return "unknown option " + name + " for " + command
                        + (like.isEmpty() ? "" : "; did you mean " + String.join(" or ", like) + "?")
                        + " (unstuck " + command + " --help)";
            }
            return "unknown option '" + first + "' for " + command + "; options start with --";
        }
        if (e instanceof CommandLine.OverwrittenOptionException o) {
            return name(o.getOverwritten()) + " is given twice";
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0).isOption()) {
            return name(m.getMissing().get(0)) + " needs a value";
        }
        ArgSpec arg = e.getArgSpec();
        if (arg != null && arg.isOption() && ((OptionSpec) arg).arity().max() == 0) {
            return name(arg) + " takes no value";
        }
        return e.getMessage();
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** {@code --version}: what the jar says it is. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = UnstuckCli.class.getPackage().getImplementationVersion();
            return new String[]{"unstuck " + (v == null ? "(development build)" : v)};
        }
    }
}
