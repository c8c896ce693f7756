package hearth.lists;

import java.util.Arrays;


/** Reading filter values from a {@link ListQuery}: unknown values are dropped, never passed to SQL. */
public final class Filters {
    public static final String NONE = "none";

    private Filters() {}

    public static <E extends Enum<E>> String[] enumNames(ListQuery query, String name, Class<E> type) {
        var allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        return query.values(name).stream().filter(allowed::contains).toArray(String[]::new);
    }

    public static Long[] ids(ListQuery query, String name) {
        return query.values(name).stream().map(Filters::parseId).filter(id -> id != null).toArray(Long[]::new);
    }

    public static boolean includesNone(ListQuery query, String name) {
        return query.values(name).contains(NONE);
    }

    /** Adds "column is one of the ids (or empty, when 'none' is chosen)". */
    public static void idFilter(Where where, ListQuery query, String name, String column) {
        var ids = ids(query, name);
        var none = includesNone(query, name);
        if (ids.length > 0 && none) {
            where.and("(" + column + " = any(:" + name + ") or " + column + " is null)", name, ids);
        } else if (ids.length > 0) {
            where.anyOf(column, name, ids);
        } else if (none) {
            where.and(column + " is null");
        }
    }

    public static void enumFilter(Where where, ListQuery query, String name, String column, Class<? extends Enum<?>> type) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        var names = enumNames(query, name, (Class) type);
        if (names.length > 0) {
            where.anyOf(column, name, names);
        }
    }

    public static void dateRange(Where where, ListQuery query, String fromName, String toName, String column) {
        var from = query.date(fromName);
        var to = query.date(toName);
        if (from != null) {
            where.and(column + " >= :" + fromName, fromName, from);
        }
        if (to != null) {
            where.and(column + " < cast(:" + toName + " as date) + 1", toName, to);
        }
    }

    public static void search(Where where, ListQuery query, String column) {
        var tsquery = Search.prefixQuery(query.q());
        if (tsquery != null) {
            where.and(column + " @@ to_tsquery('simple', :q)", "q", tsquery);
        }
    }

    private static Long parseId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
