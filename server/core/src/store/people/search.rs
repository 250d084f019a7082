//! The Users search: which condition a search adds to a list of the organization's people.

use super::super::lists::TRIGRAM;
use crate::store::sql::Sql;
use crate::store::Backend;

/// A search long enough for the trigram index, as the FTS5 phrase that finds it: its characters
/// are matched literally, as a substring of the name or the email. FTS5 (and LIKE) read their
/// pattern as a C string, so a search holding a NUL character never reaches them: no name or
/// email holds one, and [`push_search`] matches no one for it.
/// (SQLite only: Postgres searches with [`Sql::push_contains`], whose expression its trigram
/// indexes are built on.)
pub(super) fn trigram_phrase(backend: Backend, search: &str) -> Option<String> {
    let search = search.trim();
    (backend == Backend::Sqlite
        && search.chars().count() >= TRIGRAM
        && !search.contains('\0')
        && whole_address(search).is_none())
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

/// Appends the condition "name or email contains `search`" on the memberships aliased `m` ("email
/// is `search`" for a whole address). Other searches of three characters or more are answered by the trigram index (or by its matches
/// already gathered in the named common table `hits`); shorter ones compare the organization's
/// rows one by one, which is still bounded by one organization.
pub(in crate::store) fn push_search(sql: &mut Sql, search: &str, hits: Option<&str>) {
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
    match (trigram_phrase(sql.backend(), search), hits) {
        (Some(_), Some(hits)) => {
            sql.push(format_args!(" AND m.account_id IN {hits}"));
        }
        (Some(phrase), None) => {
            sql.push(
                " AND m.account_id IN (SELECT rowid FROM account_search WHERE account_search MATCH ",
            )
            .push_bind(phrase)
            .push(")");
        }
        // Too short for SQLite's trigram index, or on Postgres.
        (None, _) => {
            sql.push_contains(&["m.name", "m.email"], search);
        }
    }
}
