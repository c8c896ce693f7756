package hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a benchmark prints: its {@code BENCH <name> key=value} lines, the figures it keeps for later
 * phases, and each figure against the target with a closing PASS/MISS table.
 */
final class Targets {
    private final String bench;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String[]> verdicts = new ArrayList<>();

    Targets(String bench) {
        this.bench = bench;
    }

    /** Prints a {@code BENCH} line and keeps its keys under {@code measurement}. */
    void line(String measurement, String keys) {
        System.out.println("BENCH " + bench + " " + keys.trim());
        figures.put(measurement, keys.trim());
    }

    Map<String, String> figures() {
        return figures;
    }

    void atMost(String target, double value, double limit, String unit) {
        verdicts.add(new String[] {target + " ≤ " + format(limit) + " " + unit, format(value) + " " + unit,
                value <= limit ? "PASS" : "MISS"});
    }

    void atLeast(String target, double value, double limit, String unit) {
        verdicts.add(new String[] {target + " ≥ " + format(limit) + " " + unit, format(value) + " " + unit,
                value >= limit ? "PASS" : "MISS"});
    }

    void skipped(String target, String why) {
        verdicts.add(new String[] {target, why, "SKIP"});
    }

    /** The table of verdicts under {@code heading}, then the {@code targets_passed/missed} line. */
    void report(String heading, int targetWidth) {
        System.out.println();
        System.out.println(heading);
        for (var verdict : verdicts) {
            System.out.printf("  %-4s  %-" + targetWidth + "s %s%n", verdict[2], verdict[0], verdict[1]);
        }
        System.out.printf("BENCH %s targets_passed=%d targets_missed=%d%n", bench,
                verdicts.stream().filter(v -> v[2].equals("PASS")).count(),
                verdicts.stream().filter(v -> v[2].equals("MISS")).count());
    }

    static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The one-minute load average: every figure is read against how busy the machine was. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
