/**
 * The shared test harness: the real app over real PostgreSQL and real HTTP, no mocks.
 *
 * <ul>
 *   <li>{@link hearth.testing.TestDatabase} — one PostgreSQL per run (embedded, or {@code DATABASE_URL});
 *       migrations run once into {@code hearth_template}, each test class gets a clone.</li>
 *   <li>{@link hearth.testing.TestApp} — the JUnit extension that starts the app on a random port over
 *       that clone: {@code @RegisterExtension static TestApp app = new TestApp();} (data shared by the
 *       class) or {@code TestApp.withFreshDataForEachTest()} (tables emptied before each test).</li>
 *   <li>{@link hearth.testing.HttpSession} — one visitor: cookie jar, CSRF token from the last page,
 *       {@code get}, {@code htmxGet}, {@code post} (token as field), {@code postWithCsrfHeader},
 *       {@code postWithoutCsrf}, {@code follow}; answers are {@link hearth.testing.Response}s with a
 *       jsoup document.</li>
 *   <li>{@link hearth.testing.Fixtures} — named people and orgs made through the real endpoints:
 *       {@code admin} (Ada, the first account, platform admin), {@code acme} (Ann owner, Bob member),
 *       {@code globex} (Gus owner, an open invitation), {@code workspace} (a customer, project, task and
 *       bulk action of an org, made through the forms), and the steps they are built from.</li>
 *   <li>{@link hearth.testing.PathParams} with {@link hearth.testing.Fixtures#pathParams} — values for
 *       the route templates' parameters, so route-walking tests cover every route; a new parameter
 *       needs one entry there.</li>
 *   <li>{@link hearth.testing.DbSnapshot} — every row of every table, to show a refused request
 *       changed nothing; {@link hearth.testing.DbFault} — makes one write fail, to show a request that
 *       fails half-way leaves nothing half-written.</li>
 * </ul>
 *
 * Run: {@code ./mvnw -q -B test -Dtest='hearth.**.*Test,!hearth.browser.**' -Dsurefire.failIfNoSpecifiedTests=false}
 */
package hearth.testing;
