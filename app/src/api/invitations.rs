//! Sending invitations from the Invite Users modal: the Invite to Project and Invite to Teams tabs
//! (several emails, one role, the same projects or teams), and Bulk Invite (a CSV file, previewed
//! row by row, then written all at once). Owners and Admins only, within their ceiling.
//!
//! A request holds at most 1,000 emails or rows. Reading and checking a bulk file is CPU
//! work proportional to its size (up to the 4 MB body limit), so it runs on the blocking pool, a
//! few files at a time: the async worker threads stay free for every other request.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::invitations::{InviteReport, InviteRequest};
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use {
    super::respond,
    roster_core::actor::{Actor, Permit},
    roster_core::state::AppState,
    roster_core::store::invitations::{self, Candidate, Draft, Ref},
    roster_core::{bulk_csv, mail},
    shared::invitations::{
        check_row, form_errors, mark_duplicates, thousands, CheckedRow, RowReport,
        MAX_NAMES_PER_CELL, MAX_ROWS,
    },
    shared::{Action, OrgRole},
    std::collections::HashSet,
    std::sync::OnceLock,
    tokio::sync::Semaphore,
};

/// How many bulk files are read and checked at the same time; more wait their turn without
/// holding a thread.
#[cfg(feature = "ssr")]
const MAX_CONCURRENT_FILES: usize = 2;

/// Invites every email of `request` with the same role, projects and teams.
#[server(prefix = "/api", endpoint = "invite_users", input = Json, output = crate::api::codec::Answer)]
pub async fn invite_users(
    org: Option<i64>,
    request: InviteRequest,
) -> Result<InviteReport, AppError> {
    respond(invite(org, request).await)
}

/// Authorizes, checks and sends an invitation request: the Invite to Project and Invite to Teams
/// tabs', and the Invite to Project form's without JavaScript.
#[cfg(feature = "ssr")]
pub(crate) async fn invite(
    org: Option<i64>,
    request: InviteRequest,
) -> Result<InviteReport, AppError> {
    let (state, actor) = context::signed_in(org).await?;
    let permit = actor.permit(Action::Invite {
        role: request.org_role,
    })?;
    // The form's own rules, as the browser checked them: at least one email, and at
    // least one project (with a role) or team.
    if let Some(error) = form_errors(&request).into_iter().next() {
        return Err(error);
    }
    if request.emails.len() > MAX_ROWS {
        return Err(AppError::invalid(
                    "email",
                    format!(
                        "Invite at most {} people at once; this request has {}. For more, use Bulk Invite with several files.",
                        thousands(MAX_ROWS),
                        thousands(request.emails.len())
                    ),
                ));
    }
    for (ids, field, what) in [
        (&request.project_ids, "projects", "projects"),
        (&request.team_ids, "teams", "teams"),
    ] {
        if ids.len() > MAX_NAMES_PER_CELL {
            return Err(AppError::invalid(
                field,
                format!("Choose at most {} {what}.", thousands(MAX_NAMES_PER_CELL)),
            ));
        }
    }
    let candidates = from_request(&request);
    send(&state, &[permit], candidates).await
}

/// Checks every row of a bulk invitation file and writes nothing.
#[server(prefix = "/api", endpoint = "preview_bulk_invite", input = Json, output = crate::api::codec::Answer)]
pub async fn preview_bulk_invite(org: Option<i64>, csv: String) -> Result<InviteReport, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(
                org,
                Action::Invite {
                    role: OrgRole::Member,
                },
            )
            .await?;
            let inviter = actor.role;
            let candidates = off_thread(move || from_csv(&csv, inviter)).await?;
            let candidates = invitations::check(&state.db, actor.org_id, candidates).await?;
            Ok(report(candidates, false))
        }
        .await,
    )
}

/// Writes every row of a bulk invitation file in one transaction, or none if any row has an error.
#[server(prefix = "/api", endpoint = "bulk_invite", input = Json, output = crate::api::codec::Answer)]
pub async fn bulk_invite(org: Option<i64>, csv: String) -> Result<InviteReport, AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            let candidates = {
                let actor = actor.clone();
                off_thread(move || bulk_candidates(&actor, &csv)).await?
            };
            let permits = permits_for(&actor, &candidates)?;
            send(&state, &permits, candidates).await
        }
        .await,
    )
}

/// Runs `work` (reading and checking a bulk file) on the blocking pool, at most
/// [`MAX_CONCURRENT_FILES`] at once.
#[cfg(feature = "ssr")]
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    static TURNS: OnceLock<Semaphore> = OnceLock::new();
    let turns = TURNS.get_or_init(|| Semaphore::new(MAX_CONCURRENT_FILES));
    let _turn = turns.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "reading a bulk invitation file failed");
        AppError::Internal
    })?
}

/// The rows of a bulk file for `actor`, with the permits check first: someone who may not invite
/// at all learns that before anything about the file. Rows whose role is above the actor's ceiling
/// carry that error (the preview shows it).
#[cfg(feature = "ssr")]
pub fn bulk_candidates(actor: &Actor, csv: &str) -> Result<Vec<Candidate>, AppError> {
    actor.permit(Action::Invite {
        role: OrgRole::Member,
    })?;
    from_csv(csv, actor.role)
}

/// One `Invite` permit per organization role that `candidates` invite. A role above the actor's
/// ceiling is refused here (403), so nothing is written.
#[cfg(feature = "ssr")]
pub fn permits_for(actor: &Actor, candidates: &[Candidate]) -> Result<Vec<Permit>, AppError> {
    let mut roles: Vec<OrgRole> = vec![OrgRole::Member];
    for role in candidates
        .iter()
        .filter_map(|c| c.report.org_role.parse::<OrgRole>().ok())
    {
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles
        .into_iter()
        .map(|role| actor.permit(Action::Invite { role }))
        .collect()
}

#[cfg(feature = "ssr")]
async fn send(
    state: &AppState,
    permits: &[Permit],
    mut candidates: Vec<Candidate>,
) -> Result<InviteReport, AppError> {
    if candidates.iter().any(|c| c.report.error.is_some()) {
        // Nothing will be written; check the other rows too, so every error shows at once.
        let org_id = permits.first().map(Permit::org_id).unwrap_or_default();
        let candidates = invitations::check(&state.db, org_id, candidates).await?;
        return Ok(report(candidates, false));
    }
    let config = &state.config;
    let ttl = config.invitation_ttl.as_secs() as i64;
    let written = invitations::create(&state.db, permits, &mut candidates, ttl, |token| {
        config.invitation_link(token)
    })
    .await?;
    let sent = written.is_some();
    if let Some(messages) = written {
        mail::dispatch(config, &state.db, messages);
    }
    Ok(report(candidates, sent))
}

#[cfg(feature = "ssr")]
fn report(candidates: Vec<Candidate>, sent: bool) -> InviteReport {
    InviteReport {
        rows: candidates.into_iter().map(|c| c.report).collect(),
        sent,
    }
}

#[cfg(feature = "ssr")]
fn from_request(request: &InviteRequest) -> Vec<Candidate> {
    let emails: Vec<&String> = request
        .emails
        .iter()
        .filter(|e| !e.trim().is_empty())
        .collect();
    let mut checked: Vec<Result<CheckedRow, String>> = emails
        .iter()
        .map(|email| {
            shared::validate::email(email).map(|email| CheckedRow {
                email,
                org_role: request.org_role,
                projects: Vec::new(),
                project_role: request.project_role,
                teams: Vec::new(),
            })
        })
        .collect();
    mark_duplicates(&mut checked);
    let projects = distinct(&request.project_ids);
    let teams = distinct(&request.team_ids);
    emails
        .into_iter()
        .zip(checked)
        .enumerate()
        .map(|(i, (email, row))| Candidate {
            report: RowReport {
                row: i + 1,
                email: email.trim().to_string(),
                org_role: request.org_role.label().to_string(),
                projects: String::new(),
                project_role: String::new(),
                teams: String::new(),
                error: row.as_ref().err().cloned(),
                link: None,
            },
            draft: row.ok().map(|row| Draft {
                email: row.email,
                org_role: row.org_role,
                projects: projects.iter().map(|id| Ref::Id(*id)).collect(),
                project_role: request.project_role,
                teams: teams.iter().map(|id| Ref::Id(*id)).collect(),
            }),
        })
        .collect()
}

/// A cell as the preview shows it: in full up to [`SHOWN_MAX`] characters, else its start and
/// how long it is, so a huge cell is not sent back whole.
#[cfg(feature = "ssr")]
fn shown(cell: String) -> String {
    if cell.chars().count() <= SHOWN_MAX {
        return cell;
    }
    let start: String = cell.chars().take(SHOWN_MAX).collect();
    format!("{start}… ({} characters)", thousands(cell.chars().count()))
}

/// The longest cell a preview shows in full.
#[cfg(feature = "ssr")]
const SHOWN_MAX: usize = 300;

/// `ids` without repeats, in the order sent.
#[cfg(feature = "ssr")]
fn distinct(ids: &[i64]) -> Vec<i64> {
    let mut seen = HashSet::with_capacity(ids.len());
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

#[cfg(feature = "ssr")]
fn from_csv(csv: &str, inviter: OrgRole) -> Result<Vec<Candidate>, AppError> {
    let raw = bulk_csv::parse(csv)?;
    let mut checked: Vec<Result<CheckedRow, String>> =
        raw.iter().map(|row| check_row(row, inviter)).collect();
    mark_duplicates(&mut checked);
    Ok(raw
        .into_iter()
        .zip(checked)
        .enumerate()
        .map(|(i, (raw, row))| Candidate {
            report: RowReport {
                row: i + 1,
                org_role: match &row {
                    Ok(r) => r.org_role.label().to_string(),
                    Err(_) => shown(raw.org_role),
                },
                email: shown(raw.email),
                projects: shown(raw.projects),
                project_role: shown(raw.project_role),
                teams: shown(raw.teams),
                error: row.as_ref().err().cloned(),
                link: None,
            },
            draft: row.ok().map(|row| Draft {
                email: row.email,
                org_role: row.org_role,
                projects: row.projects.into_iter().map(Ref::Name).collect(),
                project_role: row.project_role,
                teams: row.teams.into_iter().map(Ref::Name).collect(),
            }),
        })
        .collect())
}
