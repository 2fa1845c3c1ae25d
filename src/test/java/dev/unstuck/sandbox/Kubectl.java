package dev.unstuck.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kubectl binary on the PATH, pointed at one sandbox through the kubeconfig the sandbox writes. Every command is
 * bounded: one that does not finish is killed and reported, never left hanging the build.
 */
final class Kubectl {
    static final Duration COMMAND_BOUND = Duration.ofSeconds(60);

    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** A command left running in the background (a waiting delete, a watch); its output lands in files. */
    record Running(Process process, Path out, Path err) {
        String output() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String errors() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits for the exit (bounded); kills the process when it does not come. */
        Result finish(Duration bound) throws IOException, InterruptedException {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("kubectl did not finish within " + bound + "; output so far:\n" + output()
                        + errors());
            }
            return new Result(process.exitValue(), output(), errors());
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private final Path kubeconfig;
    private final Path workDir;

    Kubectl(Path kubeconfig, Path workDir) {
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
    }

    /** Null when kubectl can be run here, otherwise why not. */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "kubectl on the PATH did not answer 'kubectl version --client' within 30 s";
            }
            return p.exitValue() == 0 ? null : "'kubectl version --client' failed with exit code " + p.exitValue();
        } catch (IOException e) {
            return "kubectl is not on the PATH (" + e.getMessage() + "); install kubectl v1.32 to run these tests";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for kubectl";
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).finish(COMMAND_BOUND);
    }

    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", workDir.resolve("cache").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "kubectl-", ".out");
        Path err = Files.createTempFile(workDir, "kubectl-", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("KUBECONFIG");
        Process process = pb.start();
        process.getOutputStream().close();
        return new Running(process, out, err);
    }

    /** kubectl's table output as rows keyed by column header; columns are cut where the headers start. */
    static List<Map<String, String>> table(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String header = lines.get(0);
        String[] names = header.trim().split("\\s{2,}");
        int[] starts = new int[names.length];
        int from = 0;
        for (int i = 0; i < names.length; i++) {
            starts[i] = header.indexOf(names[i], from);
            from = starts[i] + names[i].length();
        }
        for (String line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                int start = Math.min(starts[i], line.length());
                int end = i + 1 < names.length ? Math.min(starts[i + 1], line.length()) : line.length();
                row.put(names[i], line.substring(start, end).trim());
            }
            rows.add(row);
        }
        return rows;
    }

    static Map<String, String> row(List<Map<String, String>> table, String column, String value) {
        return table.stream().filter(r -> value.equals(r.get(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + column + "=" + value + " in " + table));
    }
}
