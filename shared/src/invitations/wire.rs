//! The invitation types that cross the wire. Tokens never do, except inside the link that the
//! person who asked for it receives; token hashes never do.

use crate::roles::{OrgRole, ProjectRole};
use serde::{Deserialize, Serialize};

/// What the Invite to Project and Invite to Teams tabs send: several emails, one organization role,
/// and the projects (with one project role) and teams that every one of them gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRequest {
    pub emails: Vec<String>,
    pub org_role: OrgRole,
    pub project_ids: Vec<i64>,
    pub project_role: Option<ProjectRole>,
    pub team_ids: Vec<i64>,
}

/// One row of an invitation request as checked by the server, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowReport {
    /// Numbered from 1 (for a CSV file: the data rows, the header not counted).
    pub row: usize,
    pub email: String,
    pub org_role: String,
    pub projects: String,
    pub project_role: String,
    pub teams: String,
    /// Why the row cannot be sent; `None` when it can.
    pub error: Option<String>,
    /// The invitation's link, once it is written: shown once to the person who invited, who can
    /// pass it on themselves (Roster keeps only its hash).
    #[serde(default)]
    pub link: Option<String>,
}

/// The answer to an invitation request: every row with its error, if any. `sent` is true when the
/// invitations were written (all of them, in one transaction); with any error nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteReport {
    pub rows: Vec<RowReport>,
    pub sent: bool,
}

impl InviteReport {
    /// How many rows have an error.
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.error.is_some()).count()
    }
}

/// A project grant that an invitation carries, as the Invitations tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectGrantView {
    pub project: String,
    pub role: ProjectRole,
}

/// One pending invitation in the Invitations tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: i64,
    pub email: String,
    pub org_role: OrgRole,
    pub projects: Vec<ProjectGrantView>,
    pub teams: Vec<String>,
    /// `None` when the inviter's account is gone.
    pub invited_by: Option<String>,
    pub sent_at: i64,
    pub expires_at: i64,
    pub expired: bool,
    /// How the invitation's latest message went; `None` when it has none.
    #[serde(default)]
    pub delivery: Option<Delivery>,
}

/// Where an invitation's latest message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting to be handed to the mail relay (again, after a passing failure).
    Queued,
    /// The relay accepted it.
    Sent,
    /// No mail relay is configured: not sent (the link is copied from the Invitations tab).
    Logged,
    /// The relay refused it, or it failed too often: an admin may Retry.
    Failed,
}

/// How an invitation's latest message went, as the Invitations tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Delivery {
    pub status: DeliveryStatus,
    /// Why the last attempt failed (the relay's reply, or why it could not be reached).
    pub reason: Option<String>,
    /// Attempts made so far.
    pub attempts: u32,
    /// Queued: when the next attempt is due, if one failed. Otherwise: when it ended.
    pub at: Option<i64>,
    /// Failed with its message kept: Retry sends it again (a message whose link was replaced
    /// since cannot be).
    pub can_retry: bool,
}

impl Delivery {
    /// The status in a few words: "Sent", "Failed: 550 …", "Queued (attempt 2 failed: …)".
    pub fn summary(&self) -> String {
        let reason = self.reason.as_deref().unwrap_or("no reason given");
        match self.status {
            DeliveryStatus::Sent => "Sent".into(),
            DeliveryStatus::Logged => "Not mailed (no mail relay)".into(),
            DeliveryStatus::Queued if self.attempts == 0 => "Queued".into(),
            DeliveryStatus::Queued => format!(
                "Queued, to be tried again (attempt {} failed: {reason})",
                self.attempts
            ),
            DeliveryStatus::Failed => format!("Failed: {reason}"),
        }
    }
}

/// Pending invitations shown per page of the Invitations tab.
pub const INVITATIONS_PAGE_SIZE: u32 = 50;

/// One page of the Invitations tab, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPage {
    pub invitations: Vec<PendingInvitation>,
    /// How many invitations are pending, over all pages.
    pub total: i64,
    /// 1-based; a page past the end is answered with the last page.
    pub page: u32,
    pub page_size: u32,
}

impl InvitationPage {
    /// How many pages there are (at least one).
    pub fn pages(&self) -> u32 {
        pages(self.total, self.page_size)
    }
}

/// How many pages of `page_size` hold `total` items (at least one).
pub fn pages(total: i64, page_size: u32) -> u32 {
    let pages = (total.max(0) as u64).div_ceil(u64::from(page_size.max(1)));
    pages.clamp(1, u64::from(u32::MAX)) as u32
}

/// Who is signed in in the browser that opened an invitation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInAs {
    pub name: String,
    pub email: String,
    /// The signed-in account is the one the invitation was sent to.
    pub is_invitee: bool,
}

/// What the page of an invitation link shows. It never says whether the invited email has an
/// account already: the link holder learns that only by proving they own it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationLanding {
    /// The link can be accepted.
    Open {
        org_name: String,
        invited_by: Option<String>,
        email: String,
        org_role: OrgRole,
        expires_at: i64,
        /// Who is signed in here, if anyone: accepting never silently replaces their session.
        signed_in: Option<SignedInAs>,
    },
    /// The link cannot be used; `reason` says why, for the person holding it.
    Closed {
        reason: String,
        signed_in: Option<SignedInAs>,
    },
}
