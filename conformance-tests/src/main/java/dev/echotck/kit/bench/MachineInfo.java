package dev.echotck.kit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** Where the numbers were measured: they mean little without it. */
public record MachineInfo(int cores, String cpu, double loadAverage, String kernel, String javaVersion, Instant date) {

    static MachineInfo now() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(), readLoadAverage(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + Runtime.version(), Instant.now());
    }

    /** "2 cores (AMD EPYC), load average 2.9 at start". */
    public String describe() {
        return cores + " cores (" + cpu + "), load average " + String.format(Locale.ROOT, "%.1f", loadAverage)
                + " at start";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static double readLoadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
