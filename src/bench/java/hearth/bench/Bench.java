package hearth.bench;

import java.util.Map;

/**
 * Runs the benchmark named by {@code -Dbench=NAME} (see DESIGN.md, "Benchmarks"):
 * {@code ./mvnw -q -Pbench exec:java -Dbench=workspace}. Every benchmark prints its figures as
 * {@code BENCH <name> <key>=<value> ...} lines.
 */
public final class Bench {
    private static final Map<String, String> BENCHMARKS = Map.of(
            "workspace", "task list, bulk status change, search and CSV export on 1,000,000 tasks",
            "live", "SSE delivery from commit to 100, 1,000 and 10,000 subscribers, 19,000 held connections, two nodes, events/s, typing",
            "workspace-db", "only start the workspace benchmark's database (generated if needed), for psql and EXPLAIN",
            "markdown", "an assistant answer (4 KB and 32 KB) to safe HTML, and its plain preview");

    private Bench() {}

    public static void main(String[] args) {
        var name = System.getProperty("bench", "");
        var status = 0;
        try {
            switch (name) {
                case "workspace" -> WorkspaceBench.run();
                case "workspace-db" -> WorkspaceData.hold();
                case "live" -> LiveBench.run();
                case "markdown" -> MarkdownBench.run();
                default -> {
                    System.err.println("Unknown benchmark '" + name + "'. Run one of:");
                    BENCHMARKS.forEach((key, what) -> System.err.println("  -Dbench=" + key + "   " + what));
                    status = 2;
                }
            }
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // Run through exec:java inside Maven's JVM: exit here so no stray server thread keeps it alive.
        System.out.flush();
        System.exit(status);
    }
}
