package dev.unstuck.deploy;

import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code deploy/Dockerfile} does, read from the file itself so a test can do the same without an image
 * builder: the extract command, the order its layers are copied in, the JVM options and the entrypoint.
 */
record DockerfileRecipe(List<String> extract, List<String> layers, String javaToolOptions, List<String> entrypoint) {
    static final Path DOCKERFILE = Path.of("deploy/Dockerfile");

    private static final Pattern EXTRACT = Pattern.compile("^RUN (java -Djarmode=tools .*)$", Pattern.MULTILINE);
    private static final Pattern LAYER = Pattern.compile("^COPY --from=extract /build/extracted/([a-z-]+)/ \\./$",
            Pattern.MULTILINE);
    private static final Pattern TOOL_OPTIONS = Pattern.compile("^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$",
            Pattern.MULTILINE);
    private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT (\\[.*])$", Pattern.MULTILINE);

    static DockerfileRecipe read() throws IOException {
        String text = Files.readString(DOCKERFILE);
        List<String> layers = new ArrayList<>();
        Matcher m = LAYER.matcher(text);
        while (m.find()) {
            layers.add(m.group(1));
        }
        List<String> entrypoint = ((List<?>) Serialization.unmarshal(only(ENTRYPOINT, text), List.class)).stream()
                .map(String::valueOf).toList();
        return new DockerfileRecipe(Arrays.asList(only(EXTRACT, text).split(" ")), layers,
                only(TOOL_OPTIONS, text), entrypoint);
    }

    private static String only(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new AssertionError(DOCKERFILE + " has no line matching " + p.pattern());
        }
        String found = m.group(1);
        if (m.find()) {
            throw new AssertionError(DOCKERFILE + " has more than one line matching " + p.pattern());
        }
        return found;
    }
}
