package hearth.assistant.providers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shortcuts for the provider tests: Hearth's providers pointed at a fake, with short timeouts. */
final class Fakes {
    static final ChatRequest REQUEST = new ChatRequest("test-model",
            List.of(ChatMessage.system("Be brief."), ChatMessage.user("Say hello")), 0.2, 0);
    /** REQUEST's words, which the fake reports as input tokens. */
    static final int REQUEST_WORDS = 4;
    static final String COMPATIBLE_KEY = "compat-secret-0123456789";

    private Fakes() {}

    /** The fake's environment (the compatible one with a key too), 2 s timeouts, then overrides as name, value pairs. */
    static Map<String, String> env(FakeProvider fake, String... overrides) {
        var env = new HashMap<>(fake.env());
        if (fake.flavour() == FakeProvider.Flavour.COMPATIBLE) {
            env.put("OPENAI_COMPATIBLE_API_KEY", COMPATIBLE_KEY);
        }
        env.put("AI_CONNECT_TIMEOUT_SECONDS", "2");
        env.put("AI_FIRST_TOKEN_TIMEOUT_SECONDS", "2");
        env.put("AI_SILENCE_TIMEOUT_SECONDS", "2");
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    static Providers providers(FakeProvider fake, String... overrides) {
        return Providers.fromEnv(env(fake, overrides));
    }

    static ChatProvider provider(FakeProvider fake, String... overrides) {
        return providers(fake, overrides).get(fake.providerName()).orElseThrow();
    }

    static String key(FakeProvider fake) {
        return fake.flavour() == FakeProvider.Flavour.COMPATIBLE ? COMPATIBLE_KEY : fake.apiKey();
    }

    static String finishReason(FakeProvider fake) {
        return fake.flavour() == FakeProvider.Flavour.ANTHROPIC ? "end_turn" : "stop";
    }
}
