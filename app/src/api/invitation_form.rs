//! Invite to Project as a plain form posts it (without JavaScript, from the Users tab's
//! `?invite=project` address): the fields form-encoded, the emails in one text field (commas or
//! one a line), the projects as `projects[]`. It sends exactly what the modal's tab sends, through
//! the same checks ([`super::invitations::invite`]). A report with row errors writes nothing and
//! comes back as an error at the emails field, so that it travels in the address like any other;
//! invitations sent lead back to the Users tab with how many were sent.

use leptos::prelude::*;
use shared::invitations::InviteReport;
use shared::{AppError, OrgRole, ProjectRole};

#[cfg(feature = "ssr")]
use {
    super::{invitations::invite, plain_form_goes_to, respond},
    shared::invitations::{split_pasted, InviteRequest},
};

/// The most row errors the message for the emails field names; it counts the rest.
#[cfg(feature = "ssr")]
const ROW_ERRORS_NAMED: usize = 5;

#[server(prefix = "/api", endpoint = "invite_to_project", output = crate::api::codec::Answer)]
pub async fn invite_to_project(
    org: Option<i64>,
    emails: String,
    org_role: OrgRole,
    projects: Option<Vec<i64>>,
    project_role: ProjectRole,
) -> Result<InviteReport, AppError> {
    respond(
        async {
            let request = InviteRequest {
                emails: split_pasted(&emails),
                org_role,
                project_ids: projects.unwrap_or_default(),
                project_role: Some(project_role),
                team_ids: Vec::new(),
            };
            let report = invite(org, request).await?;
            if !report.sent {
                return Err(AppError::invalid("email", rows_refused(&report)));
            }
            let (_, actor) = super::context::signed_in(org).await?;
            plain_form_goes_to(&format!(
                "{}?invite=project&invited={}",
                crate::paths::in_org(&actor.org_slug, crate::paths::USERS),
                report.rows.len()
            ));
            Ok(report)
        }
        .await,
    )
}

/// "nia@x.test: Not an email address. …" for the rows with an error.
#[cfg(feature = "ssr")]
fn rows_refused(report: &InviteReport) -> String {
    let refused: Vec<String> = report
        .rows
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| format!("{}: {e}", r.email)))
        .collect();
    let mut message = refused
        .iter()
        .take(ROW_ERRORS_NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    if refused.len() > ROW_ERRORS_NAMED {
        message.push_str(&format!(
            " And {} more. Nothing was sent.",
            refused.len() - ROW_ERRORS_NAMED
        ));
    } else {
        message.push_str(" Nothing was sent.");
    }
    message
}
