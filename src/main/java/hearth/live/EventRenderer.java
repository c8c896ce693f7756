package hearth.live;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Turns events of one feature into the HTML fragments its pages show, once per event for every
 * subscriber. Fragments are viewer-neutral: the same bytes go to everyone on the topic.
 */
public interface EventRenderer {
    /** The fragment for each event, by event id; an event left out is not sent (e.g. nothing to show). */
    Map<Long, String> render(Handle handle, List<Event> events);
}
