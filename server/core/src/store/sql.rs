//! Statements put together at run time (a list's search, filters, sort and page) with their
//! values. Each value's placeholder is numbered, `$1`, `$2`, …, the form that both SQLite and
//! Postgres read, so one statement serves both databases; where their SQL differs (finding text
//! inside names), [`Sql::push_contains`] writes each one's.

use super::Backend;
use sqlx::any::{Any, AnyArguments};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Arguments, AssertSqlSafe, Encode, FromRow, Type};
use std::fmt::{Display, Write};

/// The shortest search the trigram indexes can answer; shorter ones scan the organization's rows.
pub const TRIGRAM: usize = 3;

/// A statement being written for one engine, and the values of its placeholders so far.
pub struct Sql {
    backend: Backend,
    text: String,
    arguments: AnyArguments,
}

impl Sql {
    /// A statement for `backend` that begins with `text`.
    pub fn new(backend: Backend, text: impl Into<String>) -> Sql {
        Sql {
            backend,
            text: text.into(),
            arguments: AnyArguments::default(),
        }
    }

    /// The engine the statement is written for.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Appends "one of `columns` contains `text`, in any case", for a `text` that holds no NUL
    /// character and that the caller does not look up in a trigram index of its own: SQLite's
    /// `LIKE` folds ASCII letters only, so each upper- and lower-case spelling of a short text is
    /// tried ("é" also finds "Émile"); Postgres compares lower-case forms under ICU's root
    /// collation, the expression its trigram indexes are built on (`migrations-postgres`).
    pub fn push_contains(&mut self, columns: &[&str], text: &str) -> &mut Sql {
        self.push(" AND (");
        match self.backend {
            Backend::Sqlite => {
                self.push("0");
                for spelling in spellings(text) {
                    let pattern = contains_pattern(&spelling);
                    for column in columns {
                        self.push(format_args!(" OR {column} LIKE "))
                            .push_bind(pattern.clone())
                            .push(" ESCAPE '\\'");
                    }
                }
            }
            Backend::Postgres => {
                let folded: Vec<String> = columns
                    .iter()
                    .map(|column| format!("lower({column} COLLATE \"und-x-icu\")"))
                    .collect();
                self.push_any_like(&folded, text);
            }
        }
        self.push(")")
    }

    /// Appends "one of `columns`, which hold lower-cased text (Postgres's `lower` under ICU's root
    /// collation), contains `text` in any case", for a `text` that holds no NUL character.
    pub fn push_contains_folded(&mut self, columns: &[&str], text: &str) -> &mut Sql {
        self.push(" AND (");
        self.push_any_like(columns, text);
        self.push(")")
    }

    /// Appends `e1 LIKE p OR e2 LIKE p …`, `p` being "contains `text` lower-cased".
    fn push_any_like(&mut self, expressions: &[impl Display], text: &str) {
        let pattern = contains_pattern(&text.to_lowercase());
        for (n, expression) in expressions.iter().enumerate() {
            if n > 0 {
                self.push(" OR ");
            }
            self.push(format_args!("{expression} LIKE "))
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\'");
        }
    }

    /// Appends `text` as it is (never a value from outside: those go through [`Sql::push_bind`]).
    pub fn push(&mut self, text: impl Display) -> &mut Sql {
        write!(self.text, "{text}").expect("writing to a String");
        self
    }

    /// Appends a placeholder for `value`. (Numbers, texts and roles, the values bound here, always
    /// encode: a failure would be a bug, as it is for sqlx's own builder.)
    pub fn push_bind<'v, T: Encode<'v, Any> + Type<Any> + 'v>(&mut self, value: T) -> &mut Sql {
        self.arguments
            .add(value)
            .expect("a number, text or role always encodes");
        write!(self.text, "${}", self.arguments.len()).expect("writing to a String");
        self
    }

    /// Appends `(v1, v2, …)`, one placeholder per value, for an `IN`: `(NULL)`, which nothing
    /// is in, when there are none.
    pub fn push_list(&mut self, values: &[i64]) -> &mut Sql {
        if values.is_empty() {
            return self.push("(NULL)");
        }
        self.push("(");
        for (n, value) in values.iter().enumerate() {
            if n > 0 {
                self.push(", ");
            }
            self.push_bind(*value);
        }
        self.push(")")
    }

    /// The statement's text so far.
    pub fn sql(&self) -> &str {
        &self.text
    }

    /// Appends a condition that no row meets.
    pub fn push_false(&mut self) -> &mut Sql {
        self.push(" AND 1 = 0")
    }

    fn take(&mut self) -> (AssertSqlSafe<String>, AnyArguments) {
        (
            AssertSqlSafe(std::mem::take(&mut self.text)),
            std::mem::take(&mut self.arguments),
        )
    }

    /// The statement, to execute.
    pub fn build(&mut self) -> Query<'static, Any, AnyArguments> {
        let (text, arguments) = self.take();
        sqlx::query_with(text, arguments)
    }

    /// The statement, to read rows of `T`.
    pub fn build_query_as<T>(&mut self) -> QueryAs<'static, Any, T, AnyArguments>
    where
        T: for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        let (text, arguments) = self.take();
        sqlx::query_as_with(text, arguments)
    }

    /// The statement, to read one column of `T`.
    pub fn build_query_scalar<T>(&mut self) -> QueryScalar<'static, Any, T, AnyArguments>
    where
        (T,): for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        let (text, arguments) = self.take();
        sqlx::query_scalar_with(text, arguments)
    }
}

/// `%text%` for `LIKE … ESCAPE '\'`, its own `%`, `_` and `\` taken literally.
fn contains_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// Every way `search` can be written with its letters in upper or lower case ("é" → "É", "é"),
/// for a search too short for the trigram index: `LIKE` folds ASCII letters itself, so theirs
/// are left as they are. Short searches only: two characters have nine spellings at most.
fn spellings(search: &str) -> Vec<String> {
    search.chars().fold(vec![String::new()], |spellings, c| {
        let mut forms = vec![c.to_string()];
        if !c.is_ascii() {
            forms.extend([c.to_lowercase().collect(), c.to_uppercase().collect()]);
            forms.sort();
            forms.dedup();
        }
        spellings
            .iter()
            .flat_map(|start| forms.iter().map(move |form| format!("{start}{form}")))
            .collect()
    })
}
