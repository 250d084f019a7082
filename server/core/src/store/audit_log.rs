//! Reading the audit log: one organization's events, newest first, filtered by person (done by
//! them or to them) and by kind, a page at a time (keyset on `id`), or all of them for the CSV.
//! Writing events lives in [`super::audit`]; nothing here changes anything.

use super::audit_details::Details;
use super::Db;
use crate::store::sql::Sql;
use crate::store::Backend;
use shared::audit::{
    AuditEntry, AuditPage, AuditPerson, AuditQuery, AUDIT_PAGE_SIZE, SERVER_OPERATOR,
};
use shared::{AppError, AuditAction};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    created_at: i64,
    actor_id: Option<i64>,
    actor_name: String,
    action: String,
    target: String,
    details: String,
    subject_account_id: Option<i64>,
}

/// Which way a page is read from its cursor.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Newest first, older than the cursor.
    Older,
    /// Oldest first, newer than the cursor (a previous page, reversed before it is shown).
    Newer,
}

/// One page of the log as `query` asks for it.
pub async fn page(db: &Db, org_id: i64, query: &AuditQuery) -> Result<AuditPage, AppError> {
    let size = i64::from(AUDIT_PAGE_SIZE);
    let (direction, cursor) = match (query.before, query.after) {
        (Some(before), _) => (Direction::Older, Some(before)),
        (None, Some(after)) => (Direction::Newer, Some(after)),
        (None, None) => (Direction::Older, None),
    };
    let person = match query.person {
        Some(id) => person(db, org_id, id).await?,
        None => None,
    };
    if query.person.is_some() && person.is_none() {
        // Someone who was never in the organization: nothing is shown about them, not even
        // whether some event names them.
        return Ok(AuditPage {
            entries: Vec::new(),
            newer: None,
            older: None,
            person: None,
        });
    }
    let mut rows = fetch(db, org_id, query, direction, cursor, Some(size + 1)).await?;
    let more = rows.len() as i64 > size;
    if direction == Direction::Newer && !more {
        // Less than a page is newer: that is the first page, shown whole.
        return Box::pin(page(db, org_id, &query.first_page())).await;
    }
    rows.truncate(size as usize);
    if direction == Direction::Newer {
        rows.reverse();
    }
    // A page reached from a cursor has events on the side it came from.
    let (has_newer, has_older) = match direction {
        Direction::Older => (cursor.is_some(), more),
        Direction::Newer => (more, true),
    };
    let first = query.first_page();
    let newer = rows.first().filter(|_| has_newer).map(|row| AuditQuery {
        after: Some(row.id),
        ..first.clone()
    });
    let older = rows.last().filter(|_| has_older).map(|row| AuditQuery {
        before: Some(row.id),
        ..first.clone()
    });
    Ok(AuditPage {
        entries: rows.into_iter().map(entry).collect(),
        newer,
        older,
        person,
    })
}

/// Every event that matches `query`'s filters, newest first (the CSV export).
pub async fn export(db: &Db, org_id: i64, query: &AuditQuery) -> Result<Vec<AuditEntry>, AppError> {
    if let Some(id) = query.person {
        if person(db, org_id, id).await?.is_none() {
            return Ok(Vec::new());
        }
    }
    let rows = fetch(
        db,
        org_id,
        &query.first_page(),
        Direction::Older,
        None,
        None,
    )
    .await?;
    Ok(rows.into_iter().map(entry).collect())
}

const COLUMNS: &str =
    "id, created_at, actor_id, actor_name, action, target, details, subject_account_id";

async fn fetch(
    db: &Db,
    org_id: i64,
    query: &AuditQuery,
    direction: Direction,
    cursor: Option<i64>,
    limit: Option<i64>,
) -> Result<Vec<Row>, AppError> {
    let order = match direction {
        Direction::Older => " ORDER BY id DESC",
        Direction::Newer => " ORDER BY id ASC",
    };
    let mut sql = Sql::new(
        Backend::of(db),
        format!("SELECT {COLUMNS} FROM audit_events WHERE "),
    );
    match query.person {
        // Done by them or to them: each side walks its own index and stops after one page.
        Some(person) => {
            sql.push("id IN (");
            for (i, column) in ["actor_id", "subject_account_id"].into_iter().enumerate() {
                if i > 0 {
                    sql.push(" UNION ");
                }
                sql.push("SELECT id FROM (SELECT id FROM audit_events WHERE ");
                conditions(&mut sql, org_id, query, direction, cursor);
                sql.push(format!(" AND {column} = ")).push_bind(person);
                sql.push(order);
                push_limit(&mut sql, limit);
                sql.push(format!(") AS by_{column}"));
            }
            sql.push(")");
        }
        None => conditions(&mut sql, org_id, query, direction, cursor),
    }
    sql.push(order);
    push_limit(&mut sql, limit);
    sql.build_query_as::<Row>()
        .fetch_all(db)
        .await
        .map_err(AppError::from)
}

/// The organization, the kind and the cursor.
fn conditions(
    sql: &mut Sql,
    org_id: i64,
    query: &AuditQuery,
    direction: Direction,
    cursor: Option<i64>,
) {
    sql.push("org_id = ").push_bind(org_id);
    if let Some(kind) = query.kind {
        sql.push(" AND action IN (");
        for (n, action) in kind.actions().iter().enumerate() {
            if n > 0 {
                sql.push(", ");
            }
            sql.push_bind(action.as_str());
        }
        sql.push(")");
    }
    if let Some(cursor) = cursor {
        let comparison = match direction {
            Direction::Older => " AND id < ",
            Direction::Newer => " AND id > ",
        };
        sql.push(comparison).push_bind(cursor);
    }
}

fn push_limit(sql: &mut Sql, limit: Option<i64>) {
    if let Some(limit) = limit {
        sql.push(" LIMIT ").push_bind(limit);
    }
}

/// The person `account_id`, if they are or were in the organization: a member now, someone who
/// acted in it, or the subject of a change in it other than an invitation (events recorded before
/// the log stopped naming outside accounts may name, on an invitation, someone who was never in
/// it). Nobody else's name is given out, whatever id is asked for.
async fn person(db: &Db, org_id: i64, account_id: i64) -> Result<Option<AuditPerson>, AppError> {
    sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email,
                NOT EXISTS (SELECT 1 FROM memberships WHERE org_id = $2 AND account_id = $1) AS removed
         FROM accounts a WHERE a.id = $1 AND (
             EXISTS (SELECT 1 FROM memberships WHERE org_id = $2 AND account_id = $1)
             OR EXISTS (SELECT 1 FROM audit_events WHERE org_id = $2 AND actor_id = $1)
             OR EXISTS (SELECT 1 FROM audit_events WHERE org_id = $2 AND subject_account_id = $1
                        AND action NOT IN ('invitation.create', 'invitation.resend',
                                           'invitation.link', 'invitation.revoke')))",
    )
    .bind(account_id)
    .bind(org_id)
    .fetch_optional(db)
    .await
    .map_err(AppError::from)
}

/// Up to `limit` people whose name or email contains `search`, for the log's person filter: the
/// organization's members and the people removed from it (marked), by name. Accounts that were
/// never in the organization are never found.
pub async fn people(
    db: &Db,
    org_id: i64,
    search: &str,
    limit: i64,
) -> Result<Vec<AuditPerson>, AppError> {
    let mut found: Vec<AuditPerson> = super::directory::search(db, org_id, search, limit)
        .await?
        .into_iter()
        .map(|m| AuditPerson {
            account_id: m.account_id,
            name: m.name,
            email: m.email,
            removed: false,
        })
        .collect();
    let search = search.trim();
    // (No name or address holds a NUL character.)
    if search.is_empty() || search.contains('\0') {
        return Ok(found);
    }
    // Removals are few beside the log: their events are read through the (org, action) index.
    let mut sql = Sql::new(
        Backend::of(db),
        "SELECT a.id, a.name, a.email FROM accounts a
         WHERE a.id IN (SELECT subject_account_id FROM audit_events WHERE org_id = ",
    );
    sql.push_bind(org_id)
        .push(
            " AND action = 'member.remove')
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = ",
        )
        .push_bind(org_id)
        .push(" AND m.account_id = a.id)")
        .push_contains(&["a.name", "a.email"], search)
        .push(format_args!(
            " ORDER BY a.name COLLATE NOCASE, a.id LIMIT {}",
            limit.max(0)
        ));
    let removed: Vec<(i64, String, String)> = sql.build_query_as().fetch_all(db).await?;
    found.extend(
        removed
            .into_iter()
            .map(|(account_id, name, email)| AuditPerson {
                account_id,
                name,
                email,
                removed: true,
            }),
    );
    found.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.account_id.cmp(&b.account_id))
    });
    found.truncate(usize::try_from(limit.max(0)).unwrap_or(0));
    Ok(found)
}

fn entry(row: Row) -> AuditEntry {
    let action = AuditAction::parse(&row.action);
    AuditEntry {
        id: row.id,
        at: row.created_at,
        actor: match row.actor_id {
            Some(_) => row.actor_name,
            None => SERVER_OPERATOR.to_string(),
        },
        actor_id: row.actor_id,
        what: AuditAction::describe(&row.action),
        details: action
            .map(|a| match Details::read(a, &row.details) {
                Ok(details) => details.words(),
                Err(error) => {
                    tracing::warn!(id = row.id, %error, "audit event particulars not readable");
                    String::new()
                }
            })
            .unwrap_or_default(),
        action: row.action,
        target: row.target,
        subject_id: row.subject_account_id,
    }
}
