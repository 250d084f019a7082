//! Statements put together at run time (a list's search, filters, sort and page) with their
//! values. Each value's placeholder is numbered, `$1`, `$2`, …, the form that both SQLite and
//! Postgres read, so one statement serves both databases.

use sqlx::any::{Any, AnyArguments};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Arguments, AssertSqlSafe, Encode, FromRow, Type};
use std::fmt::{Display, Write};

/// A statement being written, and the values of its placeholders so far.
#[derive(Default)]
pub struct Sql {
    text: String,
    arguments: AnyArguments,
}

impl Sql {
    /// A statement that begins with `text`.
    pub fn new(text: impl Into<String>) -> Sql {
        Sql {
            text: text.into(),
            ..Sql::default()
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

    /// The statement's text so far.
    pub fn sql(&self) -> &str {
        &self.text
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
