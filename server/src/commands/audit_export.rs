//! `roster export-audit`: an organization's audit log as CSV or JSON, for the operator — also
//! the log of an organization that was deleted, kept for 30 days
//! ([`org_settings::DELETED_KEPT_SECONDS`]). The events are put into words and columns by
//! `export::audit`, exactly as the Audit log tab's download does.

use crate::export::audit::{to_csv, to_json};
use roster_core::store::orgs::{self, Kept};
use roster_core::store::{audit_log, org_settings, Db};
use shared::audit::AuditQuery;
use shared::dates::format_date;
use std::io::Write;
use std::path::Path;

/// Which organization: by name or address (deleted ones by the address they had), or by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgNamed {
    NameOrSlug(String),
    Id(i64),
}

/// The export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// The Audit log tab's download: a header line, then one event a line (CRLF), with fields a
    /// spreadsheet would run as formulas made text.
    Csv,
    /// An array with one object a line, keyed like the CSV's columns.
    Json,
}

/// Exports the whole audit log of the organization `org` names, newest first: returns the text
/// when there is no `output`, else writes it to `output` (a new file, readable by its owner
/// only) and returns what was written where.
pub async fn export(
    db: &Db,
    org: &OrgNamed,
    format: AuditFormat,
    output: Option<&Path>,
) -> Result<String, String> {
    let org = find(db, org).await?;
    let entries = audit_log::export(db, org.id, &AuditQuery::default())
        .await
        .map_err(|e| e.to_string())?;
    let text = match format {
        AuditFormat::Csv => to_csv(&entries),
        AuditFormat::Json => to_json(&entries),
    };
    let Some(file) = output else {
        return Ok(text);
    };
    write_new(file, &text)?;
    Ok(format!(
        "Wrote {} event(s) of {} to {}.",
        entries.len(),
        describe(&org),
        file.display()
    ))
}

/// The one organization `org` names, or why there is none.
async fn find(db: &Db, org: &OrgNamed) -> Result<Kept, String> {
    let fail = |e: shared::AppError| e.to_string();
    let kept_days = org_settings::DELETED_KEPT_SECONDS / 86_400;
    match org {
        OrgNamed::Id(id) => orgs::kept_by_id(db, *id)
            .await
            .map_err(fail)?
            .ok_or(format!(
                "there is no organization with the id {id}, active or deleted in the last \
             {kept_days} days (a deleted organization's audit log is purged after that)"
            )),
        OrgNamed::NameOrSlug(text) => {
            let mut found = orgs::kept_named(db, text).await.map_err(fail)?;
            match found.len() {
                1 => Ok(found.remove(0)),
                0 => Err(format!(
                    "no organization is named “{text}” or has it as its address, active or \
                     deleted in the last {kept_days} days (a deleted organization's audit log \
                     is purged after that)"
                )),
                _ => Err(format!(
                    "several organizations are named “{text}” or have it as their address; \
                     name one with --org-id:\n{}",
                    found
                        .iter()
                        .map(|org| format!("  --org-id {}: {}", org.id, describe(org)))
                        .collect::<Vec<_>>()
                        .join("\n")
                )),
            }
        }
    }
}

/// “Acme” (acme), or “Acme” (was acme; deleted 2026-11-30, kept until 2026-12-30).
fn describe(org: &Kept) -> String {
    let slug = org.slug.as_deref().unwrap_or("no address");
    match org.deleted_at {
        None => format!("“{}” ({slug})", org.name),
        Some(at) => format!(
            "“{}” (was {slug}; deleted {}, kept until {})",
            org.name,
            format_date(at),
            format_date(at + org_settings::DELETED_KEPT_SECONDS)
        ),
    }
}

/// Writes `text` to `file`, which must not exist yet (an export never overwrites a file); the
/// log names people, so only the file's owner may read it.
fn write_new(file: &Path, text: &str) -> Result<(), String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!(
            "{} exists already; an export never overwrites a file, so name a new one",
            file.display()
        ),
        _ => format!("cannot create {}: {e}", file.display()),
    })?;
    out.write_all(text.as_bytes())
        .and_then(|()| out.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}
