//! THE TABLE: for every server function, the requests that exercise it and what each needs.
//!
//! A server function added to the app without an entry here makes `every_server_function_...`
//! fail with its name. To add one, add an arm to [`cases`]: build valid arguments (fixtures come
//! from [`Fx`], created fresh for every call, in the organization of the test's actors), say what
//! the call needs (`Need`), and mark it `.foreign()` if it takes ids of the organization's
//! projects, teams, people or invitations (then an Owner of another organization, and an Owner
//! sending ids that do not exist, must get 404 and write nothing).

use super::fixtures::Fx;
use serde_json::{json, Value};
use shared::{Action, OrgRole};

/// What a call needs to be allowed.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    /// Anyone, signed in or not (sign-in, the session, an invitation link).
    Public,
    /// Nobody, once an organization exists (first-run setup).
    Nobody,
    /// Anyone not signed in (accepting an invitation as a new person: someone signed in as
    /// another person is refused, never silently signed out).
    SignedOut,
    /// A signed-in person whose role the policy allows `Action` (`shared::policy::can`).
    Act(Action),
    /// Anyone signed in, whatever their role (creating an organization).
    SignedIn,
}

/// The body of a request, in the codec the function takes.
#[derive(Debug, Clone)]
pub enum Body {
    Form(Vec<(String, String)>),
    Json(Value),
}

/// How a refusal for another organization's (or a nonexistent) id shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// 404 with `AppError::NotFound`.
    NotFound,
    /// 200 with an invitation report whose rows carry the error and `sent: false` (invitations
    /// report unknown projects and teams per row, next to the row, like any other bad input).
    RowError,
    /// 422 with an `AppError::Invalid` naming the rows (the plain Invite to Project form, whose
    /// row errors travel in the address as one field's error).
    FieldError,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub label: &'static str,
    pub body: Body,
    pub need: Need,
    /// Takes ids of the actors' organization; `Some` says how a wrong one is refused.
    pub ids: Option<Missing>,
    /// Is about an organization of its own, made for the call, in which the caller holds the
    /// role they hold in the actors' organization (beside another Owner), named by the `org`
    /// argument; `{org_name}` in a value is its name. (Leaving and deleting an organization would
    /// otherwise take the actors' own away.) An Owner of another organization is not in it.
    pub own_org: bool,
}

impl Case {
    fn form(label: &'static str, need: Need, pairs: &[(&str, String)]) -> Case {
        Case {
            label,
            body: Body::Form(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            ),
            need,
            ids: None,
            own_org: false,
        }
    }

    fn json(label: &'static str, need: Need, body: Value) -> Case {
        Case {
            label,
            body: Body::Json(body),
            need,
            ids: None,
            own_org: false,
        }
    }

    /// About an organization made for the call (see [`Case::own_org`]).
    fn own_org(mut self) -> Case {
        self.own_org = true;
        self
    }

    /// Carries ids of the organization's things.
    fn foreign(mut self) -> Case {
        self.ids = Some(Missing::NotFound);
        self
    }

    fn foreign_rows(mut self) -> Case {
        self.ids = Some(Missing::RowError);
        self
    }

    fn foreign_field(mut self) -> Case {
        self.ids = Some(Missing::FieldError);
        self
    }
}

fn s(value: impl ToString) -> String {
    value.to_string()
}

const VIEW: Need = Need::Act(Action::ViewDirectory);
const ACCESS: Need = Need::Act(Action::ManageAccess);
const TEAMS: Need = Need::Act(Action::ManageTeams);
const PROVISIONING: Need = Need::Act(Action::ManageProvisioning);

fn invite(role: OrgRole) -> Need {
    Need::Act(Action::Invite { role })
}

fn change(target: OrgRole, to: OrgRole) -> Need {
    Need::Act(Action::ChangeOrgRole { target, to })
}

fn remove(target: OrgRole) -> Need {
    Need::Act(Action::RemoveUser { target })
}

fn person_access(target: OrgRole) -> Need {
    Need::Act(Action::ChangePersonAccess { target })
}

/// The cases of the server function at `/api/<name>`, with fresh fixtures; `None` if the table
/// has no entry for it.
pub async fn cases(name: &str, fx: &Fx<'_>) -> Option<Vec<Case>> {
    use Need::*;
    use OrgRole::*;
    Some(match name {
        // Session and first run.
        "session" => vec![Case::form("who am I", Public, &[])],
        "sign_in" => {
            let email = fx.person_email(Member).await;
            vec![Case::form(
                "sign in",
                Public,
                &[("email", email), ("password", s(crate::support::PASSWORD))],
            )]
        }
        "sign_out" => vec![Case::form("sign out", Public, &[])],
        "set_password" => {
            let token = fx.password_link().await;
            vec![Case::form(
                "choose a password through the link",
                Public,
                &[("token", token), ("password", s("a-brand-new-password"))],
            )]
        }
        "setup" => vec![Case::form(
            "second setup",
            Nobody,
            &[
                ("org_name", s("Hijack")),
                ("name", s("Mallory")),
                ("email", fx.fresh_email()),
                ("password", s(crate::support::PASSWORD)),
            ],
        )],

        // Invitation links: the token authorizes.
        "get_invitation" => {
            let (_, token) = fx.invitation(Member).await;
            vec![Case::form("landing", Public, &[("token", token)])]
        }
        "accept_invitation" => {
            let (_, token) = fx.invitation(Member).await;
            vec![Case::form(
                "accept as a new person",
                SignedOut,
                &[
                    ("token", token),
                    ("name", s("Newcomer")),
                    ("password", s(crate::support::PASSWORD)),
                ],
            )]
        }

        // Directory reads.
        "list_teams" => vec![Case::form("list", VIEW, &[])],
        "list_projects" => vec![Case::form("list", VIEW, &[])],
        "search_people" => {
            let team = fx.team().await;
            vec![
                Case::form("search", VIEW, &[("query", s("e"))]),
                Case::form(
                    "search outside a team",
                    VIEW,
                    &[("query", s("e")), ("outside_team", s(team))],
                )
                .foreign(),
            ]
        }
        "check_team_name" => vec![Case::form("check", VIEW, &[("name", s("Data"))])],
        "search_audit_people" => vec![Case::form(
            "search",
            Need::Act(Action::ReadAuditLog),
            &[("query", s("e"))],
        )],
        "audit_log" => vec![Case::json(
            "newest events",
            Need::Act(Action::ReadAuditLog),
            json!({ "query": { "person": null, "kind": null, "before": null, "after": null } }),
        )],
        "list_people" => vec![Case::json(
            "first page",
            VIEW,
            json!({ "query": {
                "search": "", "role": null, "team_id": null, "project_id": null,
                "sort": "name", "descending": false, "page": 1
            }}),
        )],
        "person" => {
            let id = fx.person(Member).await;
            vec![Case::form("one person", VIEW, &[("account_id", s(id))]).foreign()]
        }
        "person_access" => {
            let id = fx.person(Member).await;
            vec![Case::form("one person's access", VIEW, &[("account_id", s(id))]).foreign()]
        }
        "project_people" => {
            let id = fx.project().await;
            vec![Case::form("who reaches it", VIEW, &[("project_id", s(id))]).foreign()]
        }
        "get_team" => {
            let id = fx.team().await;
            vec![Case::form("one team", VIEW, &[("id", s(id))]).foreign()]
        }
        "list_team_page" => vec![Case::json(
            "a page of teams",
            VIEW,
            json!({ "query": { "search": "a", "sort": "members", "descending": true, "page": 1 } }),
        )],
        "list_project_page" => vec![Case::json(
            "a page of projects",
            VIEW,
            json!({ "query": { "search": "", "sort": "created", "descending": false, "page": 2 } }),
        )],
        "get_team_overview" => {
            let id = fx.team().await;
            vec![Case::form("one team's heading", VIEW, &[("id", s(id))]).foreign()]
        }
        "list_team_members" => {
            let id = fx.team().await;
            vec![Case::json(
                "a page of a team's members",
                VIEW,
                json!({ "team_id": id, "query": { "search": "", "sort": "email", "descending": false, "page": 1 } }),
            )
            .foreign()]
        }

        // Projects.
        "create_project" => vec![Case::form(
            "create",
            Act(Action::CreateProject),
            &[("name", fx.fresh_name())],
        )],
        "rename_project" => {
            let id = fx.project().await;
            vec![Case::form(
                "rename",
                Act(Action::RenameProject),
                &[("id", s(id)), ("name", fx.fresh_name())],
            )
            .foreign()]
        }
        "delete_project" => {
            let id = fx.project().await;
            vec![Case::form("delete", Act(Action::DeleteProject), &[("id", s(id))]).foreign()]
        }
        "set_all_users_role" => {
            let id = fx.project().await;
            vec![Case::form(
                "all users get Consumer",
                ACCESS,
                &[("project_id", s(id)), ("role", s("consumer"))],
            )
            .foreign()]
        }

        // Teams.
        "create_team" => {
            let project = fx.project().await;
            let member = fx.person(Member).await;
            vec![
                Case::json(
                    "empty team",
                    TEAMS,
                    json!({ "team": { "name": fx.fresh_name(), "projects": [], "members": [] } }),
                ),
                Case::json(
                    "with a project and a member",
                    TEAMS,
                    json!({ "team": {
                        "name": fx.fresh_name(),
                        "projects": [{ "project_id": project, "role": "analyst" }],
                        "members": [member],
                    }}),
                )
                .foreign(),
            ]
        }
        "create_team_form" => {
            let project = fx.project().await;
            let member = fx.person(Member).await;
            vec![
                Case::form(
                    "empty team",
                    TEAMS,
                    &[
                        ("name", fx.fresh_name()),
                        ("projects", s("")),
                        ("members", s("")),
                    ],
                ),
                Case::form(
                    "with a project and a member",
                    TEAMS,
                    &[
                        ("name", fx.fresh_name()),
                        ("projects", format!("{project}:analyst")),
                        ("members", s(member)),
                    ],
                )
                .foreign(),
            ]
        }
        "rename_team" => {
            let id = fx.team().await;
            vec![Case::form("rename", TEAMS, &[("id", s(id)), ("name", fx.fresh_name())]).foreign()]
        }
        "delete_team" => {
            let id = fx.team().await;
            vec![Case::form("delete", TEAMS, &[("id", s(id))]).foreign()]
        }
        "set_team_project" => {
            let (team, project) = (fx.team().await, fx.project().await);
            vec![Case::form(
                "team gives Analyst",
                ACCESS,
                &[
                    ("team_id", s(team)),
                    ("project_id", s(project)),
                    ("role", s("analyst")),
                ],
            )
            .foreign()]
        }
        "remove_team_project" => {
            let (team, project) = (fx.team().await, fx.project().await);
            fx.team_project(team, project).await;
            vec![Case::form(
                "team stops giving",
                ACCESS,
                &[("team_id", s(team)), ("project_id", s(project))],
            )
            .foreign()]
        }
        "add_team_member" => {
            let mut cases = Vec::new();
            for (label, target) in [("add a Member", Member), ("add an Owner", Owner)] {
                let (team, person) = (fx.team().await, fx.person(target).await);
                cases.push(
                    Case::form(
                        label,
                        person_access(target),
                        &[("team_id", s(team)), ("account_id", s(person))],
                    )
                    .foreign(),
                );
            }
            cases
        }
        "remove_team_member" => {
            let mut cases = Vec::new();
            for (label, target) in [("remove a Member", Member), ("remove an Owner", Owner)] {
                let (team, person) = (fx.team().await, fx.person(target).await);
                fx.team_member(team, person).await;
                cases.push(
                    Case::form(
                        label,
                        person_access(target),
                        &[("team_id", s(team)), ("account_id", s(person))],
                    )
                    .foreign(),
                );
            }
            cases
        }

        // Provisioning.
        "get_provisioning" => vec![Case::form("read", PROVISIONING, &[])],
        "create_scim_token" => vec![Case::form(
            "create",
            PROVISIONING,
            &[("name", fx.fresh_name())],
        )],
        "revoke_scim_token" => {
            let id = fx.scim_token().await;
            vec![Case::form("revoke", PROVISIONING, &[("id", s(id))]).foreign()]
        }
        // The organization itself.
        "get_org_settings" => vec![Case::form("read", VIEW, &[])],
        "rename_organization" => vec![Case::form(
            "rename",
            Act(Action::ManageOrganization),
            &[("name", fx.fresh_name())],
        )
        .own_org()],
        "change_organization_address" => vec![Case::form(
            "move",
            Act(Action::ManageOrganization),
            &[("slug", shared::validate::slug_from_name(&fx.fresh_name()))],
        )
        .own_org()],
        "delete_organization" => vec![Case::form(
            "delete after typing its name",
            Act(Action::DeleteOrganization),
            &[("confirm", s("{org_name}"))],
        )
        .own_org()],
        "leave_organization" => {
            vec![Case::form("leave", Act(Action::LeaveOrganization), &[]).own_org()]
        }
        "create_organization" => vec![Case::form("create", SignedIn, &[("name", fx.fresh_name())])],
        "set_provisioned_role" => vec![Case::form(
            "provisioned people get Admin",
            PROVISIONING,
            &[("role", s("admin"))],
        )],
        "unlink_team" => {
            let id = fx.linked_team().await;
            vec![Case::form("unlink", PROVISIONING, &[("team_id", s(id))]).foreign()]
        }

        // People.
        "change_role" => {
            let mut cases = Vec::new();
            for (label, target, to) in [
                ("Member to Admin", Member, Admin),
                ("Member to Owner", Member, Owner),
                ("Admin to Member", Admin, Member),
                ("second Owner to Admin", Owner, Admin),
            ] {
                let id = fx.person(target).await;
                cases.push(
                    Case::form(
                        label,
                        change(target, to),
                        &[("account_id", s(id)), ("role", s(to.as_str()))],
                    )
                    .foreign(),
                );
            }
            cases
        }
        "change_status" => {
            let mut cases = Vec::new();
            for (label, target) in [
                ("deactivate a Member", Member),
                ("deactivate an Admin", Admin),
                ("deactivate a second Owner", Owner),
            ] {
                let id = fx.person(target).await;
                cases.push(
                    Case::form(
                        label,
                        Act(Action::ChangeStatus { target }),
                        &[("account_id", s(id)), ("active", s(false))],
                    )
                    .foreign(),
                );
            }
            cases
        }
        "remove_person" => {
            let mut cases = Vec::new();
            for (label, target) in [
                ("a Member", Member),
                ("an Admin", Admin),
                ("a second Owner", Owner),
            ] {
                let id = fx.person(target).await;
                cases.push(Case::form(label, remove(target), &[("account_id", s(id))]).foreign());
            }
            cases
        }
        "set_grant" => {
            let mut cases = Vec::new();
            for (label, target) in [("a Member's", Member), ("an Owner's", Owner)] {
                let (person, project) = (fx.person(target).await, fx.project().await);
                cases.push(
                    Case::form(
                        label,
                        person_access(target),
                        &[
                            ("account_id", s(person)),
                            ("project_id", s(project)),
                            ("role", s("analyst")),
                        ],
                    )
                    .foreign(),
                );
            }
            cases
        }
        "remove_grant" => {
            let mut cases = Vec::new();
            for (label, target) in [("a Member's", Member), ("an Owner's", Owner)] {
                let (person, project) = (fx.person(target).await, fx.project().await);
                fx.grant(person, project).await;
                cases.push(
                    Case::form(
                        label,
                        person_access(target),
                        &[("account_id", s(person)), ("project_id", s(project))],
                    )
                    .foreign(),
                );
            }
            cases
        }
        "bulk_people" => {
            let (a, b) = (fx.person(Member).await, fx.person(Member).await);
            let (c, team) = (fx.person(Member).await, fx.team().await);
            let d = fx.person(Member).await;
            vec![
                Case::json(
                    "Members to Admin",
                    change(Member, Admin),
                    json!({ "account_ids": [a, b], "choice": { "ChangeRole": "admin" } }),
                )
                .foreign(),
                Case::json(
                    "add a Member to a team",
                    ACCESS,
                    json!({ "account_ids": [c], "choice": { "AddToTeam": team } }),
                )
                .foreign(),
                Case::json(
                    "remove a Member",
                    remove(Member),
                    json!({ "account_ids": [d], "choice": "Remove" }),
                )
                .foreign(),
            ]
        }

        // Invitations.
        "invite_users" => {
            let (project, team) = (fx.project().await, fx.team().await);
            let mut cases = Vec::new();
            for (label, role) in [
                ("as Member", Member),
                ("as Admin", Admin),
                ("as Owner", Owner),
            ] {
                cases.push(Case::json(
                    label,
                    invite(role),
                    json!({ "request": {
                        "emails": [fx.fresh_email()], "org_role": role.as_str(),
                        "project_ids": [], "project_role": null, "team_ids": [team]
                    }}),
                ));
            }
            cases.push(
                Case::json(
                    "to a project and a team",
                    invite(Member),
                    json!({ "request": {
                        "emails": [fx.fresh_email()], "org_role": "member",
                        "project_ids": [project], "project_role": "analyst", "team_ids": [team]
                    }}),
                )
                .foreign_rows(),
            );
            cases
        }
        "invite_to_project" => {
            let project = fx.project().await;
            let mut cases = Vec::new();
            for (label, role) in [
                ("as Member", Member),
                ("as Admin", Admin),
                ("as Owner", Owner),
            ] {
                cases.push(
                    Case::form(
                        label,
                        invite(role),
                        &[
                            ("emails", fx.fresh_email()),
                            ("org_role", s(role.as_str())),
                            ("projects[]", s(project)),
                            ("project_role", s("analyst")),
                        ],
                    )
                    .foreign_field(),
                );
            }
            cases
        }
        "preview_bulk_invite" => vec![Case::json(
            "preview",
            invite(Member),
            json!({ "csv": format!("email,org_role\n{},member\n", fx.fresh_email()) }),
        )],
        "bulk_invite" => vec![
            Case::json(
                "Members",
                invite(Member),
                json!({ "csv": format!("email,org_role\n{},member\n", fx.fresh_email()) }),
            ),
            Case::json(
                "an Owner",
                invite(Owner),
                json!({ "csv": format!("email,org_role\n{},owner\n", fx.fresh_email()) }),
            ),
        ],
        "list_invitations" => vec![Case::form("list", invite(Member), &[])],
        "resend_invitation" | "revoke_invitation" | "invitation_link" => {
            let mut cases = Vec::new();
            for (label, role) in [("a Member's", Member), ("an Owner's", Owner)] {
                let (id, _) = fx.invitation(role).await;
                cases.push(Case::form(label, invite(role), &[("id", s(id))]).foreign());
            }
            cases
        }
        "retry_invitation_mail" => {
            let mut cases = Vec::new();
            for (label, role) in [("a Member's", Member), ("an Owner's", Owner)] {
                let id = fx.failed_delivery(role).await;
                cases.push(Case::form(label, invite(role), &[("id", s(id))]).foreign());
            }
            cases
        }

        _ => return None,
    })
}
