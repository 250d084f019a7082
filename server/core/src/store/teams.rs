//! Teams of an organization: read one, create (with its projects and members, in one
//! transaction), rename, delete, and change what a team grants and to whom. Deleting a team, one
//! of its projects or one of its members removes only what that team granted (the schema's
//! cascades); other grants are untouched.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details};
use super::checks::may_change_access;
use super::{now, on_unique, projects, Db};
use crate::actor::Permit;
use shared::stored::Flag;
use shared::wire::{NewTeam, TeamDetail};
use shared::{AccountId, ProjectId, TeamId};
use shared::{Action, AppError, Denied, ProjectRole};
use sqlx::AnyConnection;

pub(super) mod reads;

pub use reads::{detail, name_taken, DUPLICATE};
use reads::{read_detail, team_name};

/// Creates a team with its projects and members in one transaction. `team.name` must be valid
/// already; unknown projects and people (or another organization's) are `NotFound`.
pub async fn create(db: &Db, permit: &Permit, team: &NewTeam) -> Result<TeamDetail, AppError> {
    permit.expect(Action::ManageTeams)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(org_id)
    .bind(&team.name)
    .bind(now())
    .fetch_one(change.tx())
    .await
    .map_err(on_unique("name", DUPLICATE))?;
    let id = TeamId(id);
    for choice in &team.projects {
        let project_id = ProjectId(choice.project_id);
        put_project(change.tx(), org_id, id, project_id, choice.role).await?;
    }
    for &account_id in &team.members {
        let account_id = AccountId(account_id);
        may_change_access(&mut change, permit.actor(), account_id).await?;
        put_member(change.tx(), org_id, id, account_id).await?;
    }
    let created = read_detail(change.tx(), org_id, id).await?;
    let event = Event::new(
        format!("team “{}”", team.name),
        Details::TeamCreate(details::TeamCreated {
            projects: created
                .projects
                .iter()
                .map(|p| details::TeamProjectRole {
                    project: p.project_name.clone(),
                    role: p.role,
                })
                .collect(),
            members: created.members.iter().map(|m| m.email.clone()).collect(),
        }),
    );
    change.record(event).await?;
    // Each first member's joining is recorded too, so the log reads person by person.
    for member in &created.members {
        let joined = Event::new(
            format!("team “{}”", team.name),
            Details::TeamMemberAdd(details::TeamMember {
                team_id: Some(id),
                member: member.email.clone(),
            }),
        )
        .about(AccountId(member.account_id));
        change.record(joined).await?;
    }
    change.finish().await?;
    Ok(created)
}

pub async fn rename(db: &Db, permit: &Permit, id: TeamId, name: &str) -> Result<(), AppError> {
    permit.expect(Action::ManageTeams)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let before = team_name(change.tx(), org_id, id).await?;
    if before == name {
        return change.finish().await;
    }
    sqlx::query("UPDATE teams SET name = $1 WHERE id = $2 AND org_id = $3")
        .bind(name)
        .bind(id)
        .bind(org_id)
        .execute(change.tx())
        .await
        .map_err(on_unique("name", DUPLICATE))?;
    let event = Event::new(
        format!("team “{name}”"),
        Details::TeamRename(details::Renamed {
            from: before,
            to: name.to_string(),
        }),
    );
    change.commit(event).await
}

/// Deletes a team: its project assignments and memberships go with it, nothing else.
pub async fn delete(db: &Db, permit: &Permit, id: TeamId) -> Result<(), AppError> {
    permit.expect(Action::ManageTeams)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let team = read_detail(change.tx(), org_id, id).await?;
    sqlx::query("DELETE FROM teams WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(change.tx())
        .await?;
    let event = Event::new(
        format!("team “{}”", team.name),
        Details::TeamDelete(details::TeamDeleted {
            members: team.members.len() as u64,
            projects: team.projects.len() as u64,
        }),
    );
    change.commit(event).await
}

/// Gives the team's members `role` on a project: adds the project to the team, or changes the role
/// the team grants there.
pub async fn set_project_role(
    db: &Db,
    permit: &Permit,
    team_id: TeamId,
    project_id: ProjectId,
    role: ProjectRole,
) -> Result<(), AppError> {
    permit.expect(Action::ManageAccess)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let team = team_name(change.tx(), org_id, team_id).await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT role FROM team_projects WHERE team_id = $1 AND project_id = $2")
            .bind(team_id)
            .bind(project_id)
            .fetch_optional(change.tx())
            .await?;
    let project = put_project(change.tx(), org_id, team_id, project_id, role).await?;
    if before.as_deref() == Some(role.as_str()) {
        // The team gives this role there already: nothing changed, nothing is recorded.
        return change.finish().await;
    }
    let event = Event::new(
        format!("team “{team}”"),
        Details::TeamProjectRole(details::TeamProjectRole { project, role }),
    );
    change.commit(event).await
}

/// Takes a project away from the team: its members lose what the team granted there.
pub async fn remove_project(
    db: &Db,
    permit: &Permit,
    team_id: TeamId,
    project_id: ProjectId,
) -> Result<(), AppError> {
    permit.expect(Action::ManageAccess)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let team = team_name(change.tx(), org_id, team_id).await?;
    let project = projects::name(change.tx(), org_id, project_id).await?;
    let removed = sqlx::query("DELETE FROM team_projects WHERE team_id = $1 AND project_id = $2")
        .bind(team_id)
        .bind(project_id)
        .execute(change.tx())
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(AppError::NotFound("The team's project".into()));
    }
    let event = Event::new(
        format!("team “{team}”"),
        Details::TeamProjectRemove(details::TeamProjectRemoved { project }),
    );
    change.commit(event).await
}

/// Adds a person of the organization to the team (doing nothing, and recording nothing, if they
/// are in it already). Refused for someone the actor may not change (an Admin for an Owner).
pub async fn add_member(
    db: &Db,
    permit: &Permit,
    team_id: TeamId,
    account_id: AccountId,
) -> Result<(), AppError> {
    permit.expect(Action::ManageAccess)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let team = team_name(change.tx(), org_id, team_id).await?;
    members_by_hand(change.tx(), team_id).await?;
    may_change_access(&mut change, permit.actor(), account_id).await?;
    let Some(email) = put_member(change.tx(), org_id, team_id, account_id).await? else {
        return change.finish().await;
    };
    let event = Event::new(
        format!("team “{team}”"),
        Details::TeamMemberAdd(details::TeamMember {
            team_id: Some(team_id),
            member: email,
        }),
    )
    .about(account_id);
    change.commit(event).await
}

/// Removes a person from the team: they lose what the team granted, and only that. Refused for
/// someone the actor may not change (an Admin for an Owner).
pub async fn remove_member(
    db: &Db,
    permit: &Permit,
    team_id: TeamId,
    account_id: AccountId,
) -> Result<(), AppError> {
    permit.expect(Action::ManageAccess)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let team = team_name(change.tx(), org_id, team_id).await?;
    members_by_hand(change.tx(), team_id).await?;
    may_change_access(&mut change, permit.actor(), account_id).await?;
    let removed: Option<String> = sqlx::query_scalar(
        "DELETE FROM team_members WHERE team_id = $1 AND account_id = $2
         RETURNING (SELECT email FROM accounts WHERE id = team_members.account_id)",
    )
    .bind(team_id)
    .bind(account_id)
    .fetch_optional(change.tx())
    .await?;
    let email = removed.ok_or_else(|| AppError::NotFound("The team member".into()))?;
    let event = Event::new(
        format!("team “{team}”"),
        Details::TeamMemberRemove(details::TeamMember {
            team_id: Some(team_id),
            member: email,
        }),
    )
    .about(account_id);
    change.commit(event).await
}

/// Refuses a change by hand to the members of a team the identity provider manages.
pub(super) async fn members_by_hand(conn: &mut AnyConnection, id: TeamId) -> Result<(), AppError> {
    let Flag(managed) = sqlx::query_scalar("SELECT scim_managed FROM teams WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .unwrap_or(Flag(false));
    if managed {
        return Err(Denied::ManagedByIdentityProvider.into());
    }
    Ok(())
}

/// Unlinks a team from the identity provider: its members can be changed by hand again (and are
/// no longer changed over SCIM until the identity provider writes to it again).
pub async fn unlink(db: &Db, permit: &Permit, id: TeamId) -> Result<(), AppError> {
    permit.expect(Action::ManageProvisioning)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let team = team_name(change.tx(), org_id, id).await?;
    let unlinked = sqlx::query(
        "UPDATE teams SET scim_managed = 0, revision = revision + 1, modified_at = $1
         WHERE id = $2 AND scim_managed = 1",
    )
    .bind(now())
    .bind(id)
    .execute(change.tx())
    .await?
    .rows_affected();
    if unlinked == 0 {
        return change.finish().await;
    }
    let event = Event::new(
        format!("team “{team}”"),
        Details::ScimGroupUnlink(details::Nothing {}),
    );
    change.commit(event).await
}

/// Sets the role the team grants on a project of the organization; returns the project's name.
async fn put_project(
    conn: &mut AnyConnection,
    org_id: i64,
    team_id: TeamId,
    project_id: ProjectId,
    role: ProjectRole,
) -> Result<String, AppError> {
    let name = projects::name(conn, org_id, project_id).await?;
    sqlx::query(
        "INSERT INTO team_projects (team_id, project_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (team_id, project_id) DO UPDATE SET role = excluded.role",
    )
    .bind(team_id)
    .bind(project_id)
    .bind(role.as_str())
    .execute(conn)
    .await?;
    Ok(name)
}

/// Adds a member of the organization to the team; returns their email, or `None` when they were
/// in it already.
pub(super) async fn put_member(
    conn: &mut AnyConnection,
    org_id: i64,
    team_id: TeamId,
    account_id: AccountId,
) -> Result<Option<String>, AppError> {
    let email: String = sqlx::query_scalar(
        "SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE m.org_id = $1 AND m.account_id = $2",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| AppError::NotFound("The person".into()))?;
    let added = sqlx::query(
        "INSERT INTO team_members (team_id, account_id, added_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(team_id)
    .bind(account_id)
    .bind(now())
    .execute(conn)
    .await?
    .rows_affected();
    Ok((added > 0).then_some(email))
}
