package hearth.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The server's own time per route, from the app's {@code /metrics} (Micrometer's request timers): the sum
 * and count of each route's requests, and how many took at most each of the timer's bucket bounds.
 */
record ServerTime(Map<String, Series> series) {
    private static final Pattern LINE = Pattern.compile(
            "^http_server_requests_seconds_(sum|count|bucket)\\{(.*)\\}\\s+(\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** One route's totals, all statuses together; {@code atMost} maps a bound in seconds to a cumulative count. */
    record Series(double[] sumAndCount, TreeMap<Double, Double> atMost) {
        Series() {
            this(new double[2], new TreeMap<>());
        }
    }

    static ServerTime read(BenchClient client) {
        var text = client.get("/metrics").body();
        var series = new HashMap<String, Series>();
        var matcher = LINE.matcher(text);
        while (matcher.find()) {
            var labels = new HashMap<String, String>();
            var label = LABEL.matcher(matcher.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            var one = series.computeIfAbsent(labels.get("method") + " " + labels.get("route"), k -> new Series());
            var value = Double.parseDouble(matcher.group(3));
            switch (matcher.group(1)) {
                case "sum" -> one.sumAndCount()[0] += value;
                case "count" -> one.sumAndCount()[1] += value;
                default -> {
                    if (!labels.get("le").equals("+Inf")) {
                        one.atMost().merge(Double.parseDouble(labels.get("le")), value, Double::sum);
                    }
                }
            }
        }
        return new ServerTime(series);
    }

    double meanMsSince(ServerTime before, String method, String route) {
        return since(before, method, route).meanMs();
    }

    /** The requests of one route between {@code before} and this reading. */
    Window since(ServerTime before, String method, String route) {
        var now = series.getOrDefault(method + " " + route, new Series());
        var then = before.series.getOrDefault(method + " " + route, new Series());
        var atMost = new TreeMap<Double, Double>();
        now.atMost().forEach((bound, count) -> atMost.put(Math.round(bound * 1e6) / 1e3, count - then.atMost().getOrDefault(bound, 0.0)));
        return new Window(now.sumAndCount()[1] - then.sumAndCount()[1], (now.sumAndCount()[0] - then.sumAndCount()[0]) * 1000, atMost);
    }

    /** {@code atMost} maps a bound in milliseconds to how many of the window's requests took at most that long. */
    record Window(double count, double totalMs, TreeMap<Double, Double> atMost) {
        double meanMs() {
            return count == 0 ? Double.NaN : totalMs / count;
        }

        /** The share of requests that took at most {@code millis}, which must be one of the bounds. */
        double shareAtMost(double millis) {
            var counted = atMost.get(millis);
            if (counted == null) {
                throw new IllegalArgumentException(millis + " ms is not a bucket bound of the request timer: " + atMost.keySet());
            }
            return count == 0 ? Double.NaN : counted / count;
        }

        /**
         * The {@code p}-th percentile, interpolated linearly within the bucket it falls in (so within a
         * quarter of a millisecond around 2 ms); infinite past the last bound.
         */
        double percentileMs(double p) {
            var rank = p / 100 * count;
            double lowerBound = 0;
            double lowerCount = 0;
            for (var bucket : atMost.entrySet()) {
                if (bucket.getValue() >= rank) {
                    var inBucket = bucket.getValue() - lowerCount;
                    var fraction = inBucket == 0 ? 1 : (rank - lowerCount) / inBucket;
                    return lowerBound + fraction * (bucket.getKey() - lowerBound);
                }
                lowerBound = bucket.getKey();
                lowerCount = bucket.getValue();
            }
            return Double.POSITIVE_INFINITY;
        }

        /** {@code <prefix>_server_p50_ms=… <prefix>_server_p99_ms=… <prefix>_server_mean_ms=…} */
        String keys(String prefix) {
            return String.format(Locale.ROOT, "%1$s_server_p50_ms=%2$.2f %1$s_server_p99_ms=%3$.2f %1$s_server_mean_ms=%4$.2f",
                    prefix, percentileMs(50), percentileMs(99), meanMs());
        }
    }
}
