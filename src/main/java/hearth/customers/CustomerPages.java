package hearth.customers;

import hearth.activity.History;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Option;
import hearth.orgs.Member;
import hearth.projects.Project;
import hearth.web.Form;
import java.util.List;

/** The models of the customer pages. */
public final class CustomerPages {
    private CustomerPages() {}

    public static List<Option> statusOptions() {
        return Option.of(CustomerStatus.class, CustomerStatus::label);
    }

    public static List<Option> sourceOptions() {
        return Option.of(CustomerSource.class, CustomerSource::label);
    }

    public record ListPage(ListQuery query, Keyset.Page<Customer> page, Keyset.Count count, List<Member> members) {

        public List<Option> ownerOptions() {
            return Option.noneThen("No owner", Option.of(members, Member::userId, Member::name));
        }
    }

    public record FormPage(Form form, Customer customer, List<Member> members) {
        public boolean editing() {
            return customer != null;
        }

        public List<Option> memberOptions() {
            return Option.of(members, Member::userId, Member::name);
        }
    }

    /** A customer, the first of its projects and its history. */
    public record DetailPage(Customer customer, List<Project> projects, History history) {}
}
