package hearth.bulk;

import java.util.List;

/**
 * The confirmation page of a bulk delete: what would be deleted ({@code what}, e.g. "3 customers"),
 * the selection to post again ({@code ids}, or the whole filter when {@code all}), and where to go back.
 */
public record ConfirmPage(String action, String what, boolean all, List<Long> ids, String back, String postPath) {}
