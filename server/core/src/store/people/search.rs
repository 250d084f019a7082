//! The Users search: which condition a search adds to a list of the organization's people.
//!
//! A search is a substring of the name or the email, in any case. SQLite finds one of three
//! characters or more through its FTS5 trigram table `account_search` and compares the rows
//! themselves for a shorter one; Postgres reads `member_search`, each member's name and email
//! lower-cased, through its trigram indexes (or row by row, for a short search). A whole email
//! address finds that address.

use crate::store::sql::{Sql, TRIGRAM};
use crate::store::{Backend, Db};
use shared::AppError;

/// How a statement reads the matches of a search (see [`push_search`]).
#[derive(Clone, Copy)]
pub(in crate::store) enum Matches<'n> {
    /// In the condition itself: the matches looked up there, or the rows compared.
    Inline,
    /// From the common table of this name, written by [`push_gathered`].
    Gathered(&'n str),
    /// Person by person, in the order the list walks (Postgres, for a search that matches many:
    /// see [`counted_when_many`]).
    EachRow,
}

/// A search long enough for the trigram index, as the FTS5 phrase that finds it: its characters
/// are matched literally, as a substring of the name or the email. FTS5 (and LIKE) read their
/// pattern as a C string, so a search holding a NUL character never reaches them: no name or
/// email holds one, and [`push_search`] matches no one for it. (SQLite only.)
fn trigram_phrase(search: &str) -> Option<String> {
    (search.chars().count() >= TRIGRAM && !search.contains('\0') && whole_address(search).is_none())
        .then(|| format!("\"{}\"", search.replace('"', "\"\"")))
}

/// A search that is a whole email address, as emails are stored: it finds that address (a seek in
/// the organization's email index), as an administrator who pastes an address means. A part of an
/// address, or any other text, is found anywhere in names and emails.
fn whole_address(search: &str) -> Option<String> {
    if search.contains('@') {
        shared::validate::email(search).ok()
    } else {
        None
    }
}

/// Whether `search` is answered by a list of matching account ids, looked up once in an index
/// of its own (not row by row, and not "nobody" or "that address").
pub(super) fn has_matches(backend: Backend, search: &str) -> bool {
    match backend {
        Backend::Sqlite => trigram_phrase(search).is_some(),
        Backend::Postgres => {
            !search.is_empty() && !search.contains('\0') && whole_address(search).is_none()
        }
    }
}

/// Appends a statement selecting the account ids that `search` matches in organization `org_id`
/// (for a search that [`has_matches`]).
fn push_matches(sql: &mut Sql, org_id: i64, search: &str) {
    match sql.backend() {
        Backend::Sqlite => {
            sql.push("SELECT rowid FROM account_search WHERE account_search MATCH ")
                .push_bind(trigram_phrase(search));
        }
        Backend::Postgres => {
            sql.push("SELECT s.account_id FROM member_search s WHERE s.org_id = ")
                .push_bind(org_id)
                .push_contains_folded(&["s.name", "s.email"], search);
        }
    }
}

/// Appends `name AS MATERIALIZED (…), `, the common table of the matches of `search`, and returns
/// `name`, when the search has such matches to gather once for several parts of a statement
/// (see [`push_search`]); nothing otherwise.
pub(super) fn push_gathered<'n>(
    sql: &mut Sql,
    org_id: i64,
    search: &str,
    name: &'n str,
) -> Option<&'n str> {
    let search = search.trim();
    if !has_matches(sql.backend(), search) {
        return None;
    }
    sql.push(format_args!("{name} AS MATERIALIZED ("));
    push_matches(sql, org_id, search);
    sql.push("), ");
    Some(name)
}

/// Postgres: how many people `search` (one that [`has_matches`]) matches in organization
/// `org_id`, when they are at least half of its members, so many that walking the list's order
/// and checking each person finds a page sooner than sorting every match; `None` when fewer.
///
/// Sorting costs a comparison of names under ICU's rules (not cheap) per match: tens of
/// thousands of matches took hundreds of milliseconds. Walking the order reads about two people
/// per row of the page when half of them match, and at worst (the matches all at the end of the
/// order) every member once, which costs about what sorting half of them does.
pub(super) async fn counted_when_many(
    db: &Db,
    org_id: i64,
    search: &str,
) -> Result<Option<i64>, AppError> {
    let mut sql = Sql::new(
        Backend::Postgres,
        "SELECT (SELECT COUNT(*) FROM member_search s WHERE s.org_id = ",
    );
    sql.push_bind(org_id)
        .push_contains_folded(&["s.name", "s.email"], search.trim())
        .push("), (SELECT CAST(COALESCE(SUM(members), 0) AS BIGINT) FROM org_role_counts WHERE org_id = ")
        .push_bind(org_id)
        .push(")");
    let (matches, members): (i64, i64) = sql.build_query_as().fetch_one(db).await?;
    Ok((matches > 0 && matches * 2 >= members).then_some(matches))
}

/// Appends the condition "name or email contains `search`" on the memberships aliased `m` of
/// organization `org_id` ("email is `search`" for a whole address), reading the matches as
/// `matches` says. A search too short for SQLite's trigram index compares the organization's rows
/// one by one, which is still bounded by one organization.
pub(in crate::store) fn push_search(sql: &mut Sql, org_id: i64, search: &str, matches: Matches) {
    let search = search.trim();
    if search.is_empty() {
        return;
    }
    if search.contains('\0') {
        sql.push_false();
        return;
    }
    if let Some(address) = whole_address(search) {
        sql.push(" AND m.email = ").push_bind(address);
        return;
    }
    let backend = sql.backend();
    match matches {
        Matches::Gathered(hits) if backend == Backend::Sqlite => {
            sql.push(format_args!(" AND m.account_id IN {hits}"));
        }
        Matches::Gathered(hits) => {
            sql.push(format_args!(
                " AND m.account_id IN (SELECT account_id FROM {hits})"
            ));
        }
        // A scalar subquery: Postgres checks it row by row, never turning it into a join.
        Matches::EachRow if backend == Backend::Postgres => {
            sql.push(
                " AND (SELECT TRUE FROM member_search s WHERE s.org_id = m.org_id AND s.account_id = m.account_id",
            )
            .push_contains_folded(&["s.name", "s.email"], search)
            .push(")");
        }
        _ if has_matches(backend, search) => {
            sql.push(" AND m.account_id IN (");
            push_matches(sql, org_id, search);
            sql.push(")");
        }
        // Too short for SQLite's trigram index.
        _ => {
            sql.push_contains(&["m.name", "m.email"], search);
        }
    }
}
