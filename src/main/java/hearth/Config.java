package hearth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;

/** Every setting Hearth reads, all from environment variables (the README lists each with its default). */
public record Config(
        int port,
        Optional<String> databaseUrl,
        Path dataDir,
        boolean devMode,
        Optional<String> baseUrl,
        int dbPoolSize,
        boolean demo,
        boolean trustProxy,
        Optional<String> metricsToken,
        Optional<Smtp> smtp,
        int liveHeartbeatSeconds,
        Map<String, String> ai,
        Duration aiCacheTtl) {

    public record Smtp(String host, int port, String username, String password, String from, boolean startTls) {}

    public static Config fromEnv() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        var smtpHost = optional(env, "SMTP_HOST");
        var smtp = smtpHost.map(host -> new Smtp(
                host,
                Integer.parseInt(env.getOrDefault("SMTP_PORT", "587")),
                env.getOrDefault("SMTP_USERNAME", ""),
                env.getOrDefault("SMTP_PASSWORD", ""),
                env.getOrDefault("SMTP_FROM", "hearth@localhost"),
                !"false".equalsIgnoreCase(env.getOrDefault("SMTP_STARTTLS", "true"))));
        return new Config(
                Integer.parseInt(env.getOrDefault("PORT", "7070")),
                optional(env, "DATABASE_URL"),
                Path.of(env.getOrDefault("HEARTH_DATA_DIR", "data")),
                "true".equalsIgnoreCase(env.getOrDefault("HEARTH_DEV", "false")),
                optional(env, "HEARTH_BASE_URL").map(url -> url.replaceAll("/+$", "")),
                Integer.parseInt(env.getOrDefault("DB_POOL_SIZE", "10")),
                "true".equalsIgnoreCase(env.getOrDefault("HEARTH_DEMO", "false")),
                "true".equalsIgnoreCase(env.getOrDefault("HEARTH_TRUST_PROXY", "false")),
                optional(env, "METRICS_TOKEN"),
                smtp,
                Integer.parseInt(env.getOrDefault("LIVE_HEARTBEAT_SECONDS", "15")),
                aiSettings(env),
                Duration.ofHours(Long.parseLong(env.getOrDefault("AI_CACHE_TTL_HOURS", "24"))));
    }

    /** The AI providers' keys, base URLs and timeouts: handed to the provider clients and nothing else. */
    private static Map<String, String> aiSettings(Map<String, String> env) {
        var ai = new TreeMap<String, String>();
        env.forEach((name, value) -> {
            if (name.startsWith("OPENROUTER_") || name.startsWith("GROQ_") || name.startsWith("OPENAI_")
                    || name.startsWith("ANTHROPIC_") || name.startsWith("AI_")) {
                ai.put(name, value);
            }
        });
        return Collections.unmodifiableMap(ai);
    }

    /** Never prints the AI keys (a Config may end up in a log). */
    @Override
    public String toString() {
        return "Config[port=" + port + ", dataDir=" + dataDir + ", devMode=" + devMode + ", ai=" + ai.keySet() + "]";
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
