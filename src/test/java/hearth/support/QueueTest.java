package hearth.support;

import static hearth.support.SupportDesk.open;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Person;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue's filters, search, sorts and pages, all read from the URL, on conversations of two orgs. */
class QueueTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Person sam;
    static Person ada;
    static Acme acme;
    static Globex globex;
    static long invoice;
    static long login;
    static long urgent;
    static long globexOne;
    static long archived;
    static long duplicate;
    static long old;

    @BeforeAll
    static void buildQueue() {
        ada = Fixtures.admin(app);
        sam = Fixtures.agent(app);
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        old = open(app, acme.org(), acme.bob(), "Old question", "Something from last year");
        app.update("update support_conversations set created_at = '2025-01-10T10:00:00Z', last_message_at = '2025-01-10T10:00:00Z' where id = ?", old);
        invoice = open(app, acme.org(), acme.ann(), "Invoice is wrong", "The invoice for March doubles the seats");
        login = open(app, acme.org(), acme.bob(), "Cannot log in", "My password reset mail never arrives");
        urgent = open(app, acme.org(), acme.ann(), "Everything is down", "Production outage, the invoice page crashes", "urgent");
        globexOne = open(app, globex.org(), globex.gus(), "Export question", "How do I export tasks?");
        archived = open(app, acme.org(), acme.ann(), "Archived thing", "Old invoice problem");
        duplicate = open(app, acme.org(), acme.ann(), "Invoice is wrong again", "Same invoice issue");
        app.update("update support_conversations set archived_at = now() where id = ?", archived);
        app.update("update support_conversations set merged_into = ? where id = ?", invoice, duplicate);
        app.update("update support_conversations set assignee_id = ?, status = 'in_progress' where id = ?", sam.id(), login);
        app.update("update support_conversations set assignee_id = ?, status = 'pending' where id = ?", ada.id(), globexOne);
        app.update("insert into support_tags (conversation_id, tag) values (?, 'billing'), (?, 'billing'), (?, 'outage')",
                invoice, urgent, urgent);
    }

    @Test
    void theQueueShowsNewestActivityFirstWithoutArchivedOrMergedConversations() {
        var page = get("");
        assertEquals(List.of(globexOne, urgent, login, invoice, old), ids(page));
        assertEquals("5", Lists.count(page));
        assertTrue(page.text().contains("Gus Owner"), "Each row names the member and the org");
        assertTrue(page.text().contains("Globex"));
    }

    @Test
    void archivedAndMergedOnesShowWhenAskedFor() {
        assertTrue(ids(get("?show=archived")).contains(archived));
        assertTrue(ids(get("?show=merged")).contains(duplicate));
        assertEquals(7, ids(get("?show=archived&show=merged")).size());
    }

    @Test
    void filtersCombineStatusPriorityAssigneeTagOrgAndDates() {
        assertEquals(List.of(login), ids(get("?status=in_progress")));
        assertEquals(List.of(globexOne, login), ids(get("?status=in_progress&status=pending")));
        assertEquals(List.of(urgent), ids(get("?priority=urgent")));
        assertEquals(List.of(login), ids(get("?assignee=me")), "Sam is “me”");
        assertEquals(List.of(globexOne), ids(ada.session().get("/admin/support?assignee=me")), "Ada is “me” for Ada");
        assertEquals(List.of(urgent, invoice, old), ids(get("?assignee=none")));
        assertEquals(List.of(urgent, login, invoice, old), ids(get("?assignee=none&assignee=" + sam.id())));
        assertEquals(List.of(urgent, invoice), ids(get("?tag=billing")));
        assertEquals(List.of(urgent), ids(get("?tag=outage&priority=urgent")));
        assertEquals(List.of(globexOne), ids(get("?org=" + globex.org().id())));
        assertEquals(List.of(old), ids(get("?created_to=2025-12-31")));
        assertEquals(List.of(globexOne, urgent, login, invoice), ids(get("?created_from=2026-01-01")));
        assertEquals(List.of(), ids(get("?status=closed")));
        assertTrue(get("?status=closed").text().contains("No conversations match these filters"));
    }

    @Test
    void theFiltersOfferTheTagsInUseAndOrgsOfRecentConversationsAndATagAddedHereAtOnce() {
        assertEquals(List.of("billing", "outage"), Lists.offered(get(""), "tag"));
        assertEquals(List.of("billing", "outage", "zebra"), Lists.offered(get("?tag=zebra"), "tag"),
                "A tag chosen in the URL is offered (checked) even when no conversation has it");
        assertEquals(List.of(String.valueOf(acme.org().id()), String.valueOf(globex.org().id())), Lists.offered(get(""), "org"));

        var path = "/admin/support/" + login;
        assertEquals(303, sam.session().post(path + "/tags", form("tag", "refund")).status());
        try {
            assertEquals(List.of("billing", "outage", "refund"), Lists.offered(get(""), "tag"),
                    "The choices are kept for a few seconds, but a tag change on this server reads them again");
        } finally {
            assertEquals(303, sam.session().post(path + "/tags/refund/deletion").status());
        }
        assertEquals(List.of("billing", "outage"), Lists.offered(get(""), "tag"));
    }

    @Test
    void eachConversationCarriesItsTagsForTheFilterWhateverChangesThem() {
        assertEquals(303, sam.session().post("/admin/support/" + old + "/tags", form("tag", "zeta")).status());
        assertEquals(303, sam.session().post("/admin/support/" + old + "/tags", form("tag", "alpha")).status());
        assertEquals("{alpha,zeta}", tagsOf(old));
        assertEquals(List.of(old), ids(get("?tag=zeta")));
        assertEquals(List.of(old), ids(get("?tag=zeta&tag=nothing-else")));

        app.update("update support_tags set conversation_id = ? where conversation_id = ? and tag = 'zeta'", globexOne, old);
        assertEquals("{alpha}", tagsOf(old));
        assertEquals("{zeta}", tagsOf(globexOne));

        assertEquals(303, sam.session().post("/admin/support/" + old + "/tags/alpha/deletion").status());
        assertEquals(303, sam.session().post("/admin/support/" + globexOne + "/tags/zeta/deletion").status());
        assertEquals("{}", tagsOf(old));
        assertEquals("{}", tagsOf(globexOne));
        assertEquals(List.of(), ids(get("?tag=zeta")));
    }

    private static String tagsOf(long conversation) {
        return app.queryOne(String.class, "select tags::text from support_conversations where id = ?", conversation);
    }

    @Test
    void unknownFilterValuesAreIgnored() {
        assertEquals(5, ids(get("?status=deleted&priority=%27;drop&tag=NOT+A+TAG&assignee=x")).size());
    }

    @Test
    void searchFindsSubjectsAndMessagesByTheStartOfWords() {
        assertEquals(List.of(urgent, invoice), ids(get("?q=invo")), "“invo” is in one subject and in another's message");
        assertEquals(List.of(login), ids(get("?q=passw+rese")));
        assertEquals(List.of(), ids(get("?q=nothing-like-this")));
        assertEquals(List.of(globexOne), ids(get("?q=export&org=" + globex.org().id())));
    }

    @Test
    void searchMatchesWordsAnywhereInAConversationInternalNotesIncluded() {
        var conversation = open(app, globex.org(), globex.gus(), "Seats question", "Can we get a refund for unused seats?");
        try {
            SupportDesk.reply(app, conversation, sam, "Yes: the credit note follows by mail.");
            SupportDesk.note(app, conversation, sam, "Escalated to finance, ticket FIN-2291.");
            assertEquals(List.of(conversation), ids(get("?q=refund+credit")), "Two words from two messages");
            assertEquals(List.of(conversation), ids(get("?q=finance")), "Agents search their internal notes too");
            assertEquals(List.of(conversation), ids(get("?q=seats+follows")), "The subject and a reply");
            assertEquals(List.of(), ids(get("?q=refund+printer")));
        } finally {
            app.update("delete from support_conversations where id = ?", conversation);
        }
    }

    @Test
    void aConversationTooLongToSearchWhollyStillTakesEveryMessage() {
        var conversation = open(app, globex.org(), globex.gus(), "A very long thread", "It starts here");
        try {
            // Nearly a megabyte of distinct words, as a conversation of thousands of messages would have.
            app.update("""
                    update support_conversations set search = search || to_tsvector('simple',
                        (select string_agg(md5(i::text), ' ') from generate_series(1, 23500) i)) where id = ?""", conversation);
            var size = app.queryOne(Integer.class, "select pg_column_size(search || ''::tsvector) from support_conversations where id = ?",
                    conversation);
            assertTrue(size > 950_000 && size < 1_000_000, "The vector is near its limit: " + size);
            var message = SupportDesk.memberWrites(app, conversation, globex.gus(), "platypus " + "x".repeat(9_900));
            assertTrue(message > 0, "The message is saved");
            assertEquals(List.of(), ids(get("?q=platypus")), "Its words did not fit: the vector was left as it was");
            assertEquals(List.of(conversation), ids(get("?q=starts")), "What was indexed is still found");
        } finally {
            app.update("delete from support_conversations where id = ?", conversation);
        }
    }

    @Test
    void relevanceOfACommonWordRanksTheMostRecentThousandAndSaysSo() {
        manyTitled("Common word", 1010);
        try {
            var ranked = get("?q=common&sort=relevance");
            assertTrue(ranked.text().contains("Ranked by relevance among the 1,000 most recently active matches"), ranked.text());
            assertEquals(50, ids(ranked).size());
            var newest = get("?q=common");
            assertTrue(!newest.text().contains("Ranked by relevance"), "Newest first shows every match in order");
            assertTrue(Lists.count(newest).startsWith("about"), Lists.count(newest));
            assertTrue(!get("?q=word+1009&sort=relevance").text().contains("Ranked by relevance"), "A few matches are all ranked");
        } finally {
            app.update("delete from support_conversations where subject like 'Common word %'");
        }
    }

    @Test
    void aCommonWordNewestFirstShowsItsNewestMatchesAndThePlannersCount() {
        manyTitled("Frequent word", 2600);
        try {
            // The planner knows the word is common once the table is analyzed (autovacuum would, later).
            app.update("analyze support_conversations");
            var newest = get("?q=frequent");
            assertEquals(app.queryList(Long.class, """
                            select id from support_conversations where subject like 'Frequent word %'
                            order by last_message_at desc, id desc limit 50"""), ids(newest),
                    "The newest matches, newest first");
            var count = Lists.count(newest);
            assertTrue(count.startsWith("about "), count);
            var estimated = Long.parseLong(count.substring("about ".length()).replace(",", ""));
            assertTrue(estimated > 2_000 && estimated < 3_200, "Close to the 2,600 matches: " + count);
            assertEquals(ids(get("?q=frequent&size=50")), ids(get("?q=frequent+word")),
                    "Two common words page the same way");
        } finally {
            app.update("delete from support_conversations where subject like 'Frequent word %'");
        }
    }

    @Test
    void relevanceRanksTheBestMatchFirst() {
        // "invoice" is the subject of one and only deep in a message of the other.
        assertEquals(List.of(invoice, urgent), ids(get("?q=invoice&sort=relevance")));
        assertEquals(List.of(globexOne, urgent, login, invoice, old), ids(get("?sort=relevance")),
                "Without a search, relevance means nothing: newest first");
    }

    @Test
    void sortsFollowTheUrl() {
        assertEquals(urgent, ids(get("?sort=priority")).get(0));
        assertEquals(List.of(login, urgent, globexOne, invoice, old), ids(get("?sort=subject&dir=asc")));
        assertEquals(List.of(old, invoice, login, urgent, globexOne), ids(get("?sort=created&dir=asc")));
    }

    @Test
    void pagesAreKeysetPagesAndTogetherShowEveryConversationOnce() {
        var many = new ArrayList<Long>();
        for (var i = 0; i < 30; i++) {
            many.add(open(app, globex.org(), globex.gus(), "Paging question " + i, "Page me " + i));
        }
        var seen = new ArrayList<Long>();
        var page = get("?q=paging&size=25");
        assertEquals(25, ids(page).size());
        assertEquals("30", Lists.count(page), "A search's few matches beyond its first page are counted exactly");
        seen.addAll(ids(page));
        var next = Lists.next(page);
        assertNotNull(next);
        page = sam.session().get(next);
        assertEquals(5, ids(page).size());
        assertNull(Lists.next(page));
        seen.addAll(ids(page));
        assertEquals(new HashSet<>(many), new HashSet<>(seen));
        assertEquals(30, seen.size());
        assertNotNull(Lists.previous(page));
        assertEquals(ids(get("?q=paging&size=25")), ids(sam.session().get(Lists.previous(page))));
        app.update("delete from support_conversations where subject like 'Paging question %'");
    }

    @Test
    void anHtmxRequestGetsTheSamePageForItsResults() {
        var fragment = sam.session().htmxGet("/admin/support?status=in_progress");
        assertEquals(200, fragment.status());
        assertNotNull(fragment.document().getElementById("results"));
        assertEquals(List.of(login), Lists.rowIds(fragment, "support-conversation"));
    }

    @Test
    void theFilterFormSubmitsWhatItShows() {
        var page = get("?status=open&tag=billing&sort=subject&dir=asc&size=25");
        var again = sam.session().get(Lists.submitFilters(page));
        assertEquals(ids(page), ids(again));
    }

    private static Response get(String query) {
        var response = sam.session().get("/admin/support" + query);
        assertEquals(200, response.status(), response.describe());
        return response;
    }

    /** {@code count} conversations of Gus titled "{@code words} 1", "… 2" and on, a minute apart, newest first. */
    private static void manyTitled(String words, int count) {
        app.update("""
                insert into support_conversations (org_id, user_id, subject, search, last_message_at)
                select ?, ?, ? || ' ' || i, setweight(to_tsvector('simple', ? || ' ' || i), 'A'),
                       now() - interval '1 minute' * i
                from generate_series(1, ?) i""", globex.org().id(), globex.gus().id(), words, words, count);
    }

    private static List<Long> ids(Response page) {
        return Lists.rowIds(page, "support-conversation");
    }
}
