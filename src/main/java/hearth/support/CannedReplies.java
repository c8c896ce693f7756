package hearth.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The canned replies, shared by the whole support team. Their variables are filled in on the server
 * when a conversation page is rendered ({@link #fill}), so the reply box receives plain text and no
 * script ever has to interpret a template.
 */
@RegisterConstructorMapper(CannedReply.class)
public interface CannedReplies {
    String SELECT = """
            select r.id, r.title, r.body, r.created_by, u.name as created_by_name, r.created_at, r.updated_at
            from canned_replies r left join users u on u.id = r.created_by
            """;
    List<String> VARIABLES = List.of("user.name", "user.email", "org.name", "agent.name");
    Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z]+\\.[a-z]+)\\s*}}");

    @SqlQuery(SELECT + " order by lower(r.title), r.id")
    List<CannedReply> all();

    @SqlQuery(SELECT + " where r.id = :id")
    Optional<CannedReply> find(@Bind("id") long id);

    @SqlQuery("""
            insert into canned_replies (title, body, created_by) values (:title, :body, :by)
            on conflict (title) do nothing returning id
            """)
    Optional<Long> insert(@Bind("title") String title, @Bind("body") String body, @Bind("by") long createdBy);

    /** Empty when the title is taken by another reply; throws nothing for a missing id (see {@link #find}). */
    @SqlQuery("""
            update canned_replies set title = :title, body = :body, updated_at = now()
            where id = :id and not exists (select 1 from canned_replies o where o.title = :title and o.id <> :id)
            returning id
            """)
    Optional<Long> update(@Bind("id") long id, @Bind("title") String title, @Bind("body") String body);

    @SqlQuery("delete from canned_replies where id = :id returning title")
    Optional<String> delete(@Bind("id") long id);

    /** The values of the variables for one conversation and the agent writing. */
    static Map<String, String> variables(SupportConversation conversation, String agentName) {
        var values = new LinkedHashMap<String, String>();
        values.put("user.name", conversation.userName());
        values.put("user.email", conversation.userEmail());
        values.put("org.name", conversation.orgName());
        values.put("agent.name", agentName);
        return values;
    }

    /** The body with its known variables replaced; an unknown one stays as typed, so a typo shows. */
    static String fill(String body, Map<String, String> values) {
        return VARIABLE.matcher(body).replaceAll(match -> {
            var value = values.get(match.group(1));
            return Matcher.quoteReplacement(value != null ? value : match.group());
        });
    }
}
