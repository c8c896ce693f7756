package hearth.support;

import hearth.lists.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * The choices of the queue's filters that no request changes: the support team, the orgs of the most
 * recently active conversations and the tags in use. Every view of the queue shows them and they
 * change rarely, so they are read at most once every {@link #FRESH} (at once after a tag change on
 * this server); what a URL chooses is added to them per request. A tag or org new on another server
 * shows up in the filters within those seconds; filtering by it works at once.
 */
public final class QueueOptions {
    static final Duration FRESH = Duration.ofSeconds(5);
    static final int ORG_LIMIT = 50;
    static final int TAG_LIMIT = 30;
    private static final Comparator<Option> BY_LABEL = Comparator.comparing((Option option) -> option.label().toLowerCase())
            .thenComparing(option -> Long.parseLong(option.value()));

    private volatile Read read;

    /** The filters' choices for one request: the shared ones plus the orgs and tags {@code chosen} in its URL. */
    public record Choices(List<Option> staff, List<Option> orgs, List<String> tags) {}

    private record Read(List<Option> staff, List<Option> orgs, List<String> tags, long atNanos) {}

    public Choices choices(Handle handle, Long[] chosenOrgs, String[] chosenTags) {
        var shared = read;
        if (shared == null || System.nanoTime() - shared.atNanos() > FRESH.toNanos()) {
            var console = handle.attach(ConsoleConversations.class);
            shared = new Read(console.staff(), console.orgOptions(ORG_LIMIT), console.tagOptions(TAG_LIMIT), System.nanoTime());
            read = shared;
        }
        return new Choices(shared.staff(), withChosen(handle, shared.orgs(), chosenOrgs), withChosen(shared.tags(), chosenTags));
    }

    /** The next request reads the choices again (a tag was added or removed here). */
    public void changed() {
        read = null;
    }

    private static List<Option> withChosen(Handle handle, List<Option> orgs, Long[] chosen) {
        var shown = new HashSet<String>();
        orgs.forEach(option -> shown.add(option.value()));
        var missing = Arrays.stream(chosen).filter(id -> !shown.contains(String.valueOf(id))).toArray(Long[]::new);
        if (missing.length == 0) {
            return orgs;
        }
        var all = new ArrayList<>(orgs);
        all.addAll(handle.createQuery("select id, name from organizations where id = any(:ids)")
                .bind("ids", missing)
                .map((rs, ctx) -> new Option(String.valueOf(rs.getLong(1)), rs.getString(2)))
                .list());
        all.sort(BY_LABEL);
        return all;
    }

    private static List<String> withChosen(List<String> tags, String[] chosen) {
        if (chosen.length == 0) {
            return tags;
        }
        var all = new TreeSet<>(tags);
        all.addAll(List.of(chosen));
        return List.copyOf(all);
    }
}
