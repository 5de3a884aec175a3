package dev.echotck.kit.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, as a person's browser: opens a page from disk and says what it
 * showed (the DOM after loading, a screenshot) and what it complained about (console messages,
 * which Chromium logs to stderr as {@code CONSOLE} lines with {@code --enable-logging=stderr}).
 * Each load gets a fresh profile, deleted afterwards; a browser that hangs is killed.
 * {@code .ci/chromium-up} installs it in CI.
 */
final class HeadlessChromium {

    /** What one load produced: stdout (the DOM, for --dump-dom) and the console messages. */
    record Load(String stdout, List<String> console, int exitCode) {
    }

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser on PATH (or in ECHOTCK_CHROMIUM), if there is one. */
    static Optional<HeadlessChromium> find() {
        String configured = System.getenv("ECHOTCK_CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Optional.of(new HeadlessChromium(Path.of(configured)));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : NAMES) {
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM as the browser built it. */
    Load dumpDom(Path page) throws IOException, InterruptedException {
        return load(page, List.of("--dump-dom"));
    }

    /** A screenshot of the top {@code height} pixels of the page in a window {@code width} wide. */
    Load screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        return load(page, List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath()));
    }

    private Load load(Path page, List<String> action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("echotck-chromium-");
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
            command.addAll(action);
            command.add(page.toAbsolutePath().toUri().toString());
            Process browser = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!browser.waitFor(90, TimeUnit.SECONDS)) {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("chromium did not finish loading " + page + " within 90 s");
            }
            List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(":CONSOLE")).toList();
            return new Load(Files.readString(out, StandardCharsets.UTF_8), console, browser.exitValue());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public String toString() {
        return binary.toString();
    }
}
