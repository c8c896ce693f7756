package hearth.export;

import hearth.lists.ListQuery;
import hearth.lists.SortKey;
import hearth.lists.Where;
import java.util.List;
import java.util.Set;

/**
 * What a list exports: its filters and sorts (the list's own, so an export is exactly the view), the
 * FROM its WHERE and sorts refer to, and the columns. A feature declares one and gets CSV and PDF.
 *
 * @param entityType activity entity type ("task")
 * @param plural     the list's path segment and the file name's ("tasks")
 * @param title      the PDF's title ("Tasks")
 * @param from       "from tasks t left join ..." — every alias the WHERE and the sorts use. Left joins
 *                   on a unique key that no column or sort uses cost nothing: PostgreSQL drops them.
 * @param idColumn   the unique tiebreak of the sort ("t.id")
 */
public record ExportDefinition(String entityType, String plural, String title, Set<String> filters,
                               List<SortKey> sorts, WhereBuilder where, String from, String idColumn,
                               List<Column> columns, List<FilterWords> filterWords) {

    /** The list's WHERE for an org and a view: TaskSearch::where and the like. */
    @FunctionalInterface
    public interface WhereBuilder {
        Where build(long orgId, ListQuery query);
    }
}
