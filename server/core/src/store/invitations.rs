//! Creating invitations (the pending ones are listed by [`pending`]). Each row is checked
//! against the organization (its projects and teams, its members, its pending invitations) inside
//! the same `BEGIN IMMEDIATE` transaction that writes the invitations, their grants, their messages
//! and their audit events: all rows are written, or none.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details};
use super::sessions::{new_token, token_hash};
use super::{accounts, now, outbox, Db};
use crate::actor::Permit;
use crate::invitation_mail::{self, Outgoing};
use shared::invitations::RowReport;
use shared::{Action, AppError, OrgRole, ProjectRole};
use shared::{InvitationId, ProjectId, TeamId};
use std::collections::{HashMap, HashSet};

mod pending;

pub use pending::pending;

/// A project or team named by its id (the modal's tabs) or its name (a CSV file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    Id(i64),
    Name(String),
}

/// One invitation that passed the checks that need no I/O.
#[derive(Debug, Clone)]
pub struct Draft {
    pub email: String,
    pub org_role: OrgRole,
    pub projects: Vec<Ref>,
    pub project_role: Option<ProjectRole>,
    pub teams: Vec<Ref>,
}

/// One row of a request: how it reads in the report, and its draft unless it already failed.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub report: RowReport,
    pub draft: Option<Draft>,
}

/// A draft whose projects and teams exist: what gets written.
struct Resolved {
    email: String,
    org_role: OrgRole,
    projects: Vec<(i64, ProjectRole)>,
    teams: Vec<i64>,
}

/// The organization as the checks need it, read once per request.
struct Directory {
    projects: Lookup,
    teams: Lookup,
    /// Teams whose members the identity provider manages: nobody is invited into them.
    linked_teams: HashSet<i64>,
    members: HashSet<String>,
    /// Emails with a pending invitation, and when it expires.
    pending: HashMap<String, i64>,
}

#[derive(Default)]
struct Lookup {
    by_name: HashMap<String, i64>,
    ids: HashSet<i64>,
    /// Each id's name as written, for the audit log.
    names: HashMap<i64, String>,
}

impl Lookup {
    fn find(&self, r: &Ref) -> Option<i64> {
        match r {
            Ref::Id(id) => self.ids.contains(id).then_some(*id),
            Ref::Name(name) => self.by_name.get(&name_key(name)).copied(),
        }
    }
}

/// How a project or team name is looked up: its normal form, ignoring ASCII case as the
/// database's `NOCASE` does.
fn name_key(name: &str) -> String {
    shared::validate::normal_name(name).to_ascii_lowercase()
}

fn describe(r: &Ref) -> String {
    match r {
        Ref::Id(id) => format!("#{id}"),
        Ref::Name(name) => name.clone(),
    }
}

async fn load_directory(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
) -> Result<Directory, AppError> {
    let lookup = |rows: Vec<(i64, String)>| {
        let mut l = Lookup::default();
        for (id, name) in rows {
            l.by_name.insert(name_key(&name), id);
            l.ids.insert(id);
            l.names.insert(id, name);
        }
        l
    };
    let projects = sqlx::query_as("SELECT id, name FROM projects WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(&mut *conn)
        .await?;
    let projects = lookup(projects);
    let teams = sqlx::query_as("SELECT id, name FROM teams WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(&mut *conn)
        .await?;
    let teams = lookup(teams);
    let linked_teams: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM teams WHERE org_id = $1 AND scim_managed = 1")
            .bind(org_id)
            .fetch_all(&mut *conn)
            .await?;
    let members: Vec<String> = sqlx::query_scalar(
        "SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let pending: Vec<(String, i64)> = sqlx::query_as(
        "SELECT email, expires_at FROM invitations WHERE org_id = $1 AND status = 'pending'",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Directory {
        projects,
        teams,
        linked_teams: linked_teams.into_iter().collect(),
        members: members.into_iter().map(|e| e.to_lowercase()).collect(),
        pending: pending
            .into_iter()
            .map(|(e, at)| (e.to_lowercase(), at))
            .collect(),
    })
}

fn resolve(dir: &Directory, draft: &Draft) -> Result<Resolved, String> {
    if dir.members.contains(&draft.email) {
        return Err(format!(
            "{} is already a member of the organization.",
            draft.email
        ));
    }
    if let Some(expires_at) = dir.pending.get(&draft.email) {
        return Err(if *expires_at <= now() {
            format!(
                "{} has an expired invitation: resend or revoke it in Invitations.",
                draft.email
            )
        } else {
            format!(
                "{} is already invited (the invitation is pending).",
                draft.email
            )
        });
    }
    let role = draft.project_role;
    let mut projects = Vec::with_capacity(draft.projects.len());
    let mut seen = HashSet::with_capacity(draft.projects.len());
    for r in &draft.projects {
        let id = dir
            .projects
            .find(r)
            .ok_or_else(|| format!("There is no project “{}”.", describe(r)))?;
        let role = role.ok_or("Give a project role for the projects.")?;
        if seen.insert(id) {
            projects.push((id, role));
        }
    }
    let mut teams = Vec::with_capacity(draft.teams.len());
    let mut seen = HashSet::with_capacity(draft.teams.len());
    for r in &draft.teams {
        let id = dir
            .teams
            .find(r)
            .ok_or_else(|| format!("There is no team “{}”.", describe(r)))?;
        if dir.linked_teams.contains(&id) {
            let name = dir
                .teams
                .names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| describe(r));
            return Err(format!(
                "The team “{name}” gets its members from your identity provider; add them there."
            ));
        }
        if seen.insert(id) {
            teams.push(id);
        }
    }
    Ok(Resolved {
        email: draft.email.clone(),
        org_role: draft.org_role,
        projects,
        teams,
    })
}

/// Checks every candidate against the organization and writes each row's error into its report.
/// Returns what would be written, or `None` when any row has an error.
fn resolve_all(dir: &Directory, candidates: &mut [Candidate]) -> Option<Vec<Resolved>> {
    let mut resolved = Vec::with_capacity(candidates.len());
    for candidate in candidates.iter_mut() {
        if let Some(draft) = &candidate.draft {
            match resolve(dir, draft) {
                Ok(r) => resolved.push(r),
                Err(message) => candidate.report.error = Some(message),
            }
        }
    }
    candidates
        .iter()
        .all(|c| c.report.error.is_none())
        .then_some(resolved)
}

/// [`resolve_all`] on the blocking pool: a file of a thousand rows naming a thousand projects each
/// is a million look-ups, which must not hold an async worker thread.
async fn resolve_off_thread(
    dir: Directory,
    candidates: &mut [Candidate],
) -> Result<(Directory, Option<Vec<Resolved>>), AppError> {
    let mut owned = candidates.to_vec();
    let (dir, owned, resolved) = tokio::task::spawn_blocking(move || {
        let resolved = resolve_all(&dir, &mut owned);
        (dir, owned, resolved)
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "checking invitations failed");
        AppError::Internal
    })?;
    candidates.clone_from_slice(&owned);
    Ok((dir, resolved))
}

/// Checks `candidates` against organization `org_id` without writing anything (the bulk preview)
/// and returns them with their errors.
pub async fn check(
    db: &Db,
    org_id: i64,
    mut candidates: Vec<Candidate>,
) -> Result<Vec<Candidate>, AppError> {
    let mut conn = db.acquire().await?;
    let dir = load_directory(&mut conn, org_id).await?;
    drop(conn);
    resolve_off_thread(dir, &mut candidates).await?;
    Ok(candidates)
}

/// Creates one invitation per candidate, all in one transaction, or none when any row has an
/// error (then the reports say why). `permits` must hold an `Invite` permit for every
/// organization role invited. Returns the messages to deliver.
pub async fn create(
    db: &Db,
    permits: &[Permit],
    candidates: &mut [Candidate],
    ttl_seconds: i64,
    link: impl Fn(&str) -> String,
) -> Result<Option<Vec<Outgoing>>, AppError> {
    let Some(first) = permits.first() else {
        return Err(AppError::Internal);
    };
    let actor = first.actor().clone();
    let mut change = Change::begin(db, first.audit_actor()).await?;
    let org_id = change.org_id();
    let dir = load_directory(change.tx(), org_id).await?;
    let (dir, resolved) = resolve_off_thread(dir, candidates).await?;
    let Some(resolved) = resolved else {
        return Ok(None);
    };
    let (at, expires_at) = (now(), now() + ttl_seconds);
    let mut messages = Vec::with_capacity(resolved.len());
    let mut events = Vec::with_capacity(resolved.len());
    // With no error anywhere, every row has a draft, and the drafts resolved in order.
    let mut rows = candidates.iter_mut().filter(|c| c.draft.is_some());
    for invitation in resolved {
        let wanted = Action::Invite {
            role: invitation.org_role,
        };
        if !permits.iter().any(|p| p.action() == wanted) {
            tracing::error!(?wanted, "invitation written without its permit");
            return Err(AppError::Internal);
        }
        let token = new_token();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO invitations (org_id, email, org_role, token_hash, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(org_id)
        .bind(&invitation.email)
        .bind(invitation.org_role.as_str())
        .bind(token_hash(&token))
        .bind(actor.account_id)
        .bind(at)
        .bind(expires_at)
        .fetch_one(change.tx())
        .await
        .map_err(super::on_unique("email", "This email is already invited."))?
        ;
        for (project_id, role) in &invitation.projects {
            sqlx::query("INSERT INTO invitation_projects (invitation_id, project_id, role) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(project_id)
                .bind(role.as_str())
                .execute(change.tx())
                .await?;
        }
        for team_id in &invitation.teams {
            sqlx::query("INSERT INTO invitation_teams (invitation_id, team_id) VALUES ($1, $2)")
                .bind(id)
                .bind(team_id)
                .execute(change.tx())
                .await?;
        }
        let url = link(&token);
        if let Some(row) = rows.next() {
            row.report.link = Some(url.clone());
        }
        let (subject, body) =
            invitation_mail::compose(&actor.org_name, &actor.name, &url, expires_at);
        let stored = invitation_mail::redact(&body, &token);
        let outbox_id = outbox::queue(
            change.tx(),
            org_id,
            Some(InvitationId(id)),
            &invitation.email,
            &subject,
            &stored,
            &body,
        )
        .await?;
        messages.push(Outgoing {
            outbox_id,
            to: invitation.email.clone(),
            subject,
            body,
        });
        let name_of = |lookup: &Lookup, id: &i64| lookup.names.get(id).cloned().unwrap_or_default();
        let mut event = Event::new(
            format!("invitation for {}", invitation.email),
            Details::InvitationCreate(details::Invited {
                invitation_id: Some(InvitationId(id)),
                role: invitation.org_role,
                projects: invitation
                    .projects
                    .iter()
                    .map(|(p, role)| details::InvitedTo {
                        project_id: Some(ProjectId(*p)),
                        project: name_of(&dir.projects, p),
                        role: *role,
                    })
                    .collect(),
                team_ids: invitation.teams.iter().copied().map(TeamId).collect(),
                teams: invitation
                    .teams
                    .iter()
                    .map(|t| name_of(&dir.teams, t))
                    .collect(),
                expires_at: Some(expires_at),
            }),
        );
        // About someone only if they are in the organization; an account elsewhere stays unnamed.
        if let Some(account_id) =
            accounts::member_id_by_email(change.tx(), org_id, &invitation.email).await?
        {
            event = event.about(account_id);
        }
        events.push(event);
    }
    let Some(last) = events.pop() else {
        return Ok(Some(messages));
    };
    for event in &events {
        change.record(event.clone()).await?;
    }
    change.commit(last).await?;
    Ok(Some(messages))
}
