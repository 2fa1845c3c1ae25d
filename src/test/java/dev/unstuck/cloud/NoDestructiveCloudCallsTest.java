package dev.unstuck.cloud;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Unstuck only ever adds a missing route; these checks keep any removing or rewriting call out of the product. */
class NoDestructiveCloudCallsTest {
    private static final Pattern DESTRUCTIVE_SDK_USE = Pattern.compile(
            "com\\.aliyuncs\\.[\\w.]*\\.(Delete|Modify|Update|Remove|Release|Unassociate|Replace)\\w*"
                    + "|\\bCommonRequest\\b|setSysActionName");

    @Test
    void vpcPortOffersNoDeleteOrModifyOperation() {
        List<String> names = Arrays.stream(VpcApi.class.getMethods()).map(Method::getName).toList();
        assertThat(names).noneMatch(n -> n.matches("(?i)(delete|modify|update|remove|replace|release).*"));
    }

    @Test
    void productCodeImportsNoDestructiveSdkRequest() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return DESTRUCTIVE_SDK_USE.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString).toList();
            assertThat(offenders).isEmpty();
        }
    }
}
