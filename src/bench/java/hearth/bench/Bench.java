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
            "assistant", "tokens from a fake AI provider (50/s) through Hearth to 100 SSE streams: added latency, time to first token, a slow reader",
            "live", "SSE delivery from commit to 100, 1,000 and 10,000 subscribers, 19,000 held connections, two nodes, events/s, typing",
            "support-db", "only start the support benchmark's database (generated if needed), for psql and EXPLAIN",
            "workspace-db", "only start the workspace benchmark's database (generated if needed), for psql and EXPLAIN",
            "markdown", "an assistant answer (4 KB and 32 KB) to safe HTML, and its plain preview",
            "support", "support queue search (newest first, relevance), the queue at 16 agents and a reply to 1,000 watchers on 1,000,000 messages");

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
                case "assistant" -> AssistantBench.run();
                case "support" -> SupportBench.run();
                case "support-db" -> SupportData.hold();
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
