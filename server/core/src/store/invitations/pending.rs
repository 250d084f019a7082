//! The organization's pending invitations, a page at a time, with what each grants and how its
//! message fared.

use super::super::sql::Sql;
use super::super::Backend;
use super::super::{now, outbox, Db};
use shared::invitations::wire::pages;
use shared::invitations::{
    InvitationPage, PendingInvitation, ProjectGrantView, INVITATIONS_PAGE_SIZE,
};
use shared::{AppError, OrgRole, ProjectRole};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: i64,
    email: String,
    org_role: OrgRole,
    invited_by: Option<String>,
    created_at: i64,
    expires_at: i64,
}

/// Page `page` (1-based; past the end, the last page) of the organization's pending invitations
/// (expired ones included, marked), newest first, [`INVITATIONS_PAGE_SIZE`] a page, with the
/// total over all pages.
pub async fn pending(db: &Db, org_id: i64, page: u32) -> Result<InvitationPage, AppError> {
    let mut conn = db.acquire().await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invitations WHERE org_id = $1 AND status = 'pending'",
    )
    .bind(org_id)
    .fetch_one(&mut *conn)
    .await?;
    let page_size = INVITATIONS_PAGE_SIZE;
    let page = page.clamp(1, pages(total, page_size));
    let rows: Vec<PendingRow> = sqlx::query_as(
        "SELECT i.id, i.email, i.org_role, a.name AS invited_by, i.created_at, i.expires_at
         FROM invitations i LEFT JOIN accounts a ON a.id = i.invited_by
         WHERE i.org_id = $1 AND i.status = 'pending' ORDER BY i.created_at DESC, i.id DESC
         LIMIT $2 OFFSET $3",
    )
    .bind(org_id)
    .bind(i64::from(page_size))
    .bind(i64::from(page - 1) * i64::from(page_size))
    .fetch_all(&mut *conn)
    .await?;
    // What the page's invitations grant, read for those ids only.
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let grants: Vec<(i64, String, ProjectRole)> = Sql::new(
        Backend::of(db),
        "SELECT ip.invitation_id, p.name, ip.role FROM invitation_projects ip
         JOIN projects p ON p.id = ip.project_id
         WHERE ip.invitation_id IN ",
    )
    .push_list(&ids)
    .push(" ORDER BY p.name")
    .build_query_as()
    .fetch_all(&mut *conn)
    .await?;
    let teams: Vec<(i64, String)> = Sql::new(
        Backend::of(db),
        "SELECT it.invitation_id, t.name FROM invitation_teams it
         JOIN teams t ON t.id = it.team_id
         WHERE it.invitation_id IN ",
    )
    .push_list(&ids)
    .push(" ORDER BY t.name")
    .build_query_as()
    .fetch_all(&mut *conn)
    .await?;
    let mut grants_of: HashMap<i64, Vec<ProjectGrantView>> = HashMap::new();
    for (id, project, role) in grants {
        grants_of
            .entry(id)
            .or_default()
            .push(ProjectGrantView { project, role });
    }
    let mut deliveries = outbox::latest_deliveries(&mut conn, &ids).await?;
    let mut teams_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in teams {
        teams_of.entry(id).or_default().push(name);
    }
    let at = now();
    let invitations = rows
        .into_iter()
        .map(|row| {
            Ok(PendingInvitation {
                org_role: row.org_role,
                projects: grants_of.remove(&row.id).unwrap_or_default(),
                teams: teams_of.remove(&row.id).unwrap_or_default(),
                delivery: deliveries.remove(&row.id),
                id: row.id,
                email: row.email,
                invited_by: row.invited_by,
                sent_at: row.created_at,
                expires_at: row.expires_at,
                expired: row.expires_at <= at,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(InvitationPage {
        invitations,
        total,
        page,
        page_size,
    })
}
