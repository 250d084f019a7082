//! A person's individual grants on projects: given, changed and removed, each checked with the
//! `shared` policy against the actor's and the person's roles inside its write transaction.

use super::super::audit::{Change, Event};
use super::super::audit_details::{self as details, Details};
use super::super::checks::may_change_access;
use super::super::{now, projects, Db};
use super::name_of;
use crate::actor::Permit;
use shared::{AccountId, Action, AppError, ProjectId, ProjectRole};

/// Starts a change of `account_id`'s grant on `project_id`, once the policy allows the actor to
/// manage access and to change this person's; returns it with the project's name.
async fn begin(
    db: &Db,
    permit: &Permit,
    account_id: AccountId,
    project_id: ProjectId,
) -> Result<(Change, String), AppError> {
    permit.expect(Action::ManageAccess)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    may_change_access(&mut change, permit.actor(), account_id).await?;
    let org_id = change.org_id();
    let project = projects::name(change.tx(), org_id, project_id).await?;
    Ok((change, project))
}

/// Gives a person an individual grant on a project, or changes its role.
pub async fn set_grant(
    db: &Db,
    permit: &Permit,
    account_id: AccountId,
    project_id: ProjectId,
    role: ProjectRole,
) -> Result<(), AppError> {
    let (mut change, project) = begin(db, permit, account_id, project_id).await?;
    let before: Option<ProjectRole> = sqlx::query_scalar(
        "SELECT role FROM project_grants WHERE project_id = $1 AND account_id = $2",
    )
    .bind(project_id)
    .bind(account_id)
    .fetch_optional(change.tx())
    .await?;
    if before == Some(role) {
        // They have this grant already: nothing changes, nothing is recorded.
        return change.finish().await;
    }
    sqlx::query(
        "INSERT INTO project_grants (project_id, account_id, role, granted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, account_id) DO UPDATE SET role = excluded.role",
    )
    .bind(project_id)
    .bind(account_id)
    .bind(role.as_str())
    .bind(now())
    .execute(change.tx())
    .await?;
    let person = name_of(&mut change, account_id).await?;
    let event = Event::new(
        format!("{person} on project “{project}”"),
        Details::GrantSet(details::GrantSet {
            account_id: Some(account_id),
            project_id: Some(project_id),
            from: before,
            role,
        }),
    )
    .about(account_id);
    change.commit(event).await
}

/// Removes a person's individual grant on a project (their other grants stay).
pub async fn remove_grant(
    db: &Db,
    permit: &Permit,
    account_id: AccountId,
    project_id: ProjectId,
) -> Result<(), AppError> {
    let (mut change, project) = begin(db, permit, account_id, project_id).await?;
    let removed: Option<ProjectRole> = sqlx::query_scalar(
        "DELETE FROM project_grants WHERE project_id = $1 AND account_id = $2 RETURNING role",
    )
    .bind(project_id)
    .bind(account_id)
    .fetch_optional(change.tx())
    .await?;
    let Some(role) = removed else {
        return Err(AppError::NotFound("The individual grant".into()));
    };
    let person = name_of(&mut change, account_id).await?;
    let event = Event::new(
        format!("{person} on project “{project}”"),
        Details::GrantRemove(details::GrantRemoved {
            account_id: Some(account_id),
            project_id: Some(project_id),
            role: Some(role),
        }),
    )
    .about(account_id);
    change.commit(event).await
}
