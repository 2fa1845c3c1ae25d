package dev.unstuck.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for `unstuck` (an alias or a wrapper script of that name).",
                "  bash: source <(java -jar unstuck.jar completion)",
                "  zsh:  autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit;"
                        + " source <(java -jar unstuck.jar completion)"})
final class CompletionCommand implements Callable<Integer> {
    private final CliContext cli;

    @Spec
    CommandSpec spec;

    CompletionCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        CommandLine top = spec.commandLine().getParent();
        cli.out().print(AutoComplete.bash(top.getCommandName(), top));
        return UnstuckCli.OK;
    }
}
