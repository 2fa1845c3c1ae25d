package dev.unstuck.workflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Java process started with this test JVM's classpath (under surefire a manifest-only jar, which works for a
 * child too). Its output goes to a log file; {@link #awaitLine} waits for a line without polling.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(String marker, CompletableFuture<String> line) {
    }

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread pump = new Thread(this::pump, "child-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    public static ChildJvm start(String name, Path logDir, String mainClass, String... args) throws IOException {
        return start(name, logDir, Map.of(), mainClass, args);
    }

    /** @param env variables added to this JVM's environment for the child (as a pod spec sets them) */
    public static ChildJvm start(String name, Path logDir, Map<String, String> env, String mainClass,
                                 String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Files.createDirectories(logDir);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        return new ChildJvm(name, p, logDir.resolve(name + ".log"));
    }

    /** Waits for the first output line containing {@code marker} (also one already printed). */
    public String awaitLine(String marker, long seconds) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (waiters) {
            for (String line : Files.exists(log) ? Files.readAllLines(log) : List.<String>of()) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            waiters.add(new Waiter(marker, f));
        }
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(name + " did not print '" + marker + "' within " + seconds + " s; log: " + log
                    + "; its last lines:\n" + tail(40));
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The exit code once it has ended (143 after SIGTERM, 137 after SIGKILL). */
    public int exitCode() {
        return process.exitValue();
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or deregistered. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (waiters) {
                    out.println(line);
                    for (Waiter w : List.copyOf(waiters)) {
                        if (line.contains(w.marker())) {
                            w.line().complete(line);
                            waiters.remove(w);
                        }
                    }
                }
            }
            synchronized (waiters) {
                if (!waiters.isEmpty()) {
                    // The log lives in a temporary directory a CI run deletes: the failure carries its last lines.
                    String tail = tail(40);
                    waiters.forEach(w -> w.line().completeExceptionally(new AssertionError(name + " exited; log: "
                            + log + "; its last lines:\n" + tail)));
                    waiters.clear();
                }
            }
        } catch (IOException e) {
            // The process was killed while we read: nothing more to pump.
        }
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
