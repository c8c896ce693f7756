package hearth.assistant.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which providers the environment configures, and how. */
class ProvidersTest {
    @Test
    void withNoVariableSetNoProviderIsConfigured() {
        var providers = Providers.fromEnv(Map.of());

        assertFalse(providers.any());
        assertEquals(List.of(), providers.all());
        assertEquals(Optional.empty(), providers.get("groq"));
        assertEquals(Timeouts.defaults(), providers.timeouts());
        assertEquals(3, providers.attempts());
    }

    @Test
    void blankValuesConfigureNothing() {
        var providers = Providers.fromEnv(Map.of("GROQ_API_KEY", "  ", "OPENAI_COMPATIBLE_BASE_URL", "",
                "ANTHROPIC_API_KEY", ""));

        assertFalse(providers.any());
    }

    @Test
    void eachKeyConfiguresItsProviderWithItsNameAndLabel() {
        var providers = Providers.fromEnv(Map.of(
                "OPENROUTER_API_KEY", "sk-or-secret-1",
                "GROQ_API_KEY", "gsk_secret_2",
                "OPENAI_API_KEY", "sk-secret-3",
                "OPENAI_COMPATIBLE_BASE_URL", "http://ollama:secret-4@localhost:11434/v1/",
                "ANTHROPIC_API_KEY", "sk-ant-secret-5"));

        assertTrue(providers.any());
        assertEquals(Providers.NAMES, providers.all().stream().map(ChatProvider::name).toList());
        assertEquals(List.of("OpenRouter", "Groq", "OpenAI", "OpenAI-compatible (http://localhost:11434/v1)", "Anthropic"),
                providers.all().stream().map(ChatProvider::label).toList());
        String described = providers.toString();
        for (String secret : List.of("secret-1", "secret_2", "secret-3", "secret-4", "secret-5")) {
            assertFalse(described.contains(secret), described);
        }
    }

    @Test
    void theCompatibleServerNeedsOnlyItsBaseUrl() {
        var providers = Providers.fromEnv(Map.of("OPENAI_COMPATIBLE_BASE_URL", "http://localhost:11434/v1"));

        assertEquals(List.of("compatible"), providers.all().stream().map(ChatProvider::name).toList());
        assertEquals("OpenAI-compatible (http://localhost:11434/v1)", providers.get("compatible").orElseThrow().label());
    }

    @Test
    void eachProviderNamesTheVariableThatWouldEnableIt() {
        assertEquals("OPENROUTER_API_KEY", Providers.variableFor("openrouter"));
        assertEquals("GROQ_API_KEY", Providers.variableFor("groq"));
        assertEquals("OPENAI_API_KEY", Providers.variableFor("openai"));
        assertEquals("OPENAI_COMPATIBLE_BASE_URL", Providers.variableFor("compatible"));
        assertEquals("ANTHROPIC_API_KEY", Providers.variableFor("anthropic"));
        assertThrows(IllegalArgumentException.class, () -> Providers.variableFor("mistral"));
    }

    @Test
    void timeoutsAndAttemptsComeFromTheEnvironmentInSecondsFractionsAllowed() {
        var providers = Providers.fromEnv(Map.of("AI_CONNECT_TIMEOUT_SECONDS", "5", "AI_FIRST_TOKEN_TIMEOUT_SECONDS", "0.5",
                "AI_SILENCE_TIMEOUT_SECONDS", "12", "AI_RETRY_ATTEMPTS", "1"));

        assertEquals(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(12)), providers.timeouts());
        assertEquals(1, providers.attempts());
    }

    @Test
    void aBadSettingStopsStartupNamingTheVariable() {
        var zero = assertThrows(IllegalArgumentException.class,
                () -> Providers.fromEnv(Map.of("AI_SILENCE_TIMEOUT_SECONDS", "0")));
        assertTrue(zero.getMessage().startsWith("AI_SILENCE_TIMEOUT_SECONDS"), zero.getMessage());
        var words = assertThrows(IllegalArgumentException.class, () -> Providers.fromEnv(Map.of("AI_RETRY_ATTEMPTS", "many")));
        assertTrue(words.getMessage().startsWith("AI_RETRY_ATTEMPTS"), words.getMessage());
        var url = assertThrows(IllegalArgumentException.class,
                () -> Providers.fromEnv(Map.of("GROQ_API_KEY", "k", "GROQ_BASE_URL", "api.groq.com")));
        assertTrue(url.getMessage().startsWith("GROQ_BASE_URL"), url.getMessage());
    }

    @Test
    void aKeyThatCouldNotBeSentInAHeaderStopsStartupWithoutShowingIt() {
        var failure = assertThrows(IllegalArgumentException.class,
                () -> Providers.fromEnv(Map.of("ANTHROPIC_API_KEY", "sk-ant-secret\u0001pasted")));

        assertTrue(failure.getMessage().startsWith("ANTHROPIC_API_KEY"), failure.getMessage());
        assertFalse(failure.getMessage().contains("secret"), failure.getMessage());
    }

    @Test
    void theDefaultTimeoutsAreTenSixtyAndThirtySeconds() {
        assertEquals(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30)), Timeouts.defaults());
    }

    @Test
    void backoffStartsAroundAQuarterSecondAndDoublesUpToItsCap() {
        for (int i = 0; i < 50; i++) {
            long first = Providers.delay(1, Optional.empty()).orElseThrow().toMillis();
            long third = Providers.delay(3, Optional.empty()).orElseThrow().toMillis();
            long tenth = Providers.delay(10, Optional.empty()).orElseThrow().toMillis();
            assertTrue(first >= 200 && first <= 300, "first " + first);
            assertTrue(third >= 800 && third <= 1200, "third " + third);
            assertTrue(tenth >= 3200 && tenth <= 4800, "tenth " + tenth);
        }
        assertEquals(Optional.of(Duration.ofSeconds(30)), Providers.delay(1, Optional.of(Duration.ofSeconds(30))));
        assertEquals(Optional.empty(), Providers.delay(1, Optional.of(Duration.ofSeconds(31))));
    }
}
