package hearth.assistant;

import hearth.assistant.providers.ChatMessage;
import hearth.assistant.providers.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Token counts when a provider does not report them, and what tokens cost at the catalogue's prices. */
public final class Costs {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private Costs() {}

    /** USD for a request: each price is per million tokens. */
    public static BigDecimal of(Model model, long inputTokens, long outputTokens) {
        return of(model.inputPrice(), model.outputPrice(), inputTokens, outputTokens);
    }

    public static BigDecimal of(BigDecimal inputPrice, BigDecimal outputPrice, long inputTokens, long outputTokens) {
        return inputPrice.multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPrice.multiply(BigDecimal.valueOf(outputTokens)))
                .divide(MILLION, 8, RoundingMode.HALF_UP);
    }

    /** Roughly four characters a token, as for English text with the common tokenizers; never 0 for text. */
    public static int estimateTokens(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return (text.codePointCount(0, text.length()) + 3) / 4;
    }

    /** Whether the provider reported both counts (otherwise they are estimated). */
    public static boolean reported(Usage usage) {
        return usage != null && usage.inputTokens() != null && usage.outputTokens() != null;
    }

    /** The input tokens the provider reported, or the prompt's estimate. */
    public static int inputTokens(Usage usage, List<ChatMessage> prompt) {
        return usage != null && usage.inputTokens() != null ? usage.inputTokens() : estimateTokens(prompt);
    }

    /** The output tokens the provider reported, or the answer's estimate. */
    public static int outputTokens(Usage usage, String answer) {
        return usage != null && usage.outputTokens() != null ? usage.outputTokens() : estimateTokens(answer);
    }

    /** The prompt's tokens: each message's text plus the few tokens of its role markers. */
    public static int estimateTokens(List<ChatMessage> messages) {
        int tokens = 3;
        for (var message : messages) {
            tokens += 4 + estimateTokens(message.content());
        }
        return tokens;
    }
}
