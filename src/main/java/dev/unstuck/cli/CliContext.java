package dev.unstuck.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** Where a command writes and reads: stdout for results, stderr for progress and errors. */
record CliContext(PrintStream out, PrintStream err, InputStream in, boolean interactive) {
}
