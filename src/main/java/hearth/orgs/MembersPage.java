package hearth.orgs;

import hearth.web.Form;
import java.util.List;

/** The members page: who is in, who is invited, the invite form and a link that was just created. */
public record MembersPage(List<Member> members, List<Invitation> invitations, Form inviteForm,
                          String newLink, String newLinkEmail, boolean mailed) {}
