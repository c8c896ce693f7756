package hearth.bulk;

import java.time.Instant;

public record BulkAction(long id, long orgId, long actorId, String entityType, String action, String summary,
                         int total, int done, String state, String error, Instant createdAt, Instant finishedAt,
                         Instant undoUntil) {

    public boolean running() {
        return state.equals("RUNNING");
    }

    public boolean undoable() {
        return state.equals("DONE") && undoUntil != null && undoUntil.isAfter(Instant.now());
    }

    public int percent() {
        return total == 0 ? 100 : (int) Math.min(100, Math.round(done * 100.0 / total));
    }

    public String undoPath(String orgPath) {
        return orgPath + "/bulk/" + id + "/undo";
    }

    public String path(String orgPath) {
        return orgPath + "/bulk/" + id;
    }
}
