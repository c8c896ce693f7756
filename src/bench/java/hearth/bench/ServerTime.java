package hearth.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The server's own time per route, from the app's {@code /metrics} (Micrometer's request timers). */
record ServerTime(Map<String, double[]> series) {
    private static final Pattern LINE = Pattern.compile(
            "^http_server_requests_seconds_(sum|count)\\{(.*)\\}\\s+(\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static ServerTime read(BenchClient client) {
        var text = client.get("/metrics").body();
        var series = new HashMap<String, double[]>();
        var matcher = LINE.matcher(text);
        while (matcher.find()) {
            var labels = new HashMap<String, String>();
            var label = LABEL.matcher(matcher.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            var key = labels.get("method") + " " + labels.get("route");
            var values = series.computeIfAbsent(key, k -> new double[2]);
            values[matcher.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(matcher.group(3));
        }
        return new ServerTime(series);
    }

    double meanMsSince(ServerTime before, String method, String route) {
        var now = series.getOrDefault(method + " " + route, new double[2]);
        var then = before.series.getOrDefault(method + " " + route, new double[2]);
        var count = now[1] - then[1];
        return count == 0 ? Double.NaN : (now[0] - then[0]) * 1000 / count;
    }
}
