package hearth.bench;

import hearth.assistant.Markdown;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Rendering a finished assistant answer: {@link Markdown#toHtml} (commonmark, then jsoup's clean) on
 * a typical answer of 4 KB (headings, paragraphs with links, lists, a table, a fenced code block) and on
 * a 32 KB one, and {@link Markdown#toPlainPreview} of the 4 KB answer, after a warm-up.
 */
final class MarkdownBench {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;

    private MarkdownBench() {}

    static void run() {
        var targets = new Targets("markdown");
        var answer = answer(4 * 1024);
        var longAnswer = answer(32 * 1024);
        for (int i = 0; i < WARM_UP; i++) {
            Markdown.toHtml(answer);
            Markdown.toPlainPreview(answer, 120);
        }
        var html4k = measure(() -> Markdown.toHtml(answer), MEASURED);
        var html32k = measure(() -> Markdown.toHtml(longAnswer), MEASURED / 8);
        var preview = measure(() -> Markdown.toPlainPreview(answer, 120), MEASURED);

        targets.line("html_4k", html4k.keys("html_4k") + " bytes=" + answer.getBytes(StandardCharsets.UTF_8).length);
        targets.line("html_32k", html32k.keys("html_32k") + " bytes=" + longAnswer.getBytes(StandardCharsets.UTF_8).length);
        targets.line("preview_4k", preview.keys("preview_4k"));
        targets.line("machine", "cores=" + Runtime.getRuntime().availableProcessors() + " load=" + Targets.loadAverage());
        targets.atMost("4 KB answer to safe HTML, p50", html4k.percentileMs(50), 1, "ms");
        targets.atMost("4 KB answer to safe HTML, p99", html4k.percentileMs(99), 1, "ms");
        targets.report("Markdown benchmark (one thread, after " + String.format(Locale.ROOT, "%,d", WARM_UP) + " warm-up renders):", 40);
    }

    private static Latencies measure(Runnable render, int times) {
        var latencies = new Latencies();
        for (int i = 0; i < times; i++) {
            var start = System.nanoTime();
            render.run();
            latencies.add(System.nanoTime() - start);
        }
        return latencies;
    }

    /** An answer the way models write them, repeated and cut at {@code bytes} (it is ASCII), as a stream may end anywhere. */
    private static String answer(int bytes) {
        var section = """
                ## Setting up the client

                To call the API you need a **key** and the *base URL*. See [the docs](https://example.com/docs?page=2 "Docs")
                or write to <support@example.com>. Avoid `System.out` in production; use a logger instead, and
                ~~never~~ rarely block the event loop. More at https://example.org/guide.

                1. Create the key in the dashboard.
                2. Store it in an environment variable, e.g. `API_KEY`.
                3. Restart the service.

                | Model | Context | Price |
                |:------|--------:|------:|
                | fast  | 128k    | $0.05 |
                | large | 200k    | $3.00 |

                ```java
                var client = HttpClient.newHttpClient();
                var request = HttpRequest.newBuilder(URI.create("https://api.example.com/v1/chat"))
                        .header("Authorization", "Bearer " + key)
                        .POST(BodyPublishers.ofString(body)).build();
                if (response.statusCode() >= 400 && retries < 3) { retry(); }
                ```

                > Note: the key is <secret>, keep it out of the logs.

                """;
        var out = new StringBuilder();
        while (out.length() < bytes) {
            out.append(section);
        }
        return out.substring(0, bytes);
    }
}
