//! SCIM filters (RFC 7644 §3.4.2.2): the syntax tree, parsing, evaluation against a resource held
//! as JSON, and translation to an SQLite `WHERE` clause.
//!
//! ```
//! use roster_scim::{matches, parse_filter};
//! # fn main() -> Result<(), roster_scim::FilterError> {
//! let filter = parse_filter(r#"userName eq "bjensen" and active eq true"#)?;
//! let user = serde_json::json!({"userName": "BJensen", "active": true});
//! assert!(matches(&filter, &user));
//! # Ok(())
//! # }
//! ```

mod eval;
mod lexer;
mod parser;
mod path;
mod sql;

#[cfg(test)]
mod eval_tests;
#[cfg(test)]
mod sql_tests;
#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::Value;

pub(crate) use eval::element_matches;
pub use eval::matches;
pub(crate) use parser::parse_bracket_filter;
pub use parser::parse_filter;
pub use path::AttrPath;
pub(crate) use path::{is_attr_name, is_urn};
pub use sql::{to_sql, Column, ColumnKind, SqlColumns, SqlValue, SqlWhere};

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `path op value`, such as `userName eq "bjensen"`.
    Compare {
        /// The attribute compared.
        path: AttrPath,
        /// The comparison.
        op: CompareOp,
        /// The literal compared with: a string, number, boolean or null.
        value: Value,
    },
    /// `path pr`: the attribute has a value that is not null or empty.
    Present(AttrPath),
    /// Both filters hold.
    And(Box<Filter>, Box<Filter>),
    /// Either filter holds.
    Or(Box<Filter>, Box<Filter>),
    /// The filter does not hold.
    Not(Box<Filter>),
    /// `emails[type eq "work" and value co "@example.com"]`: some value of the multi-valued (or
    /// complex) attribute `attr` satisfies `filter`, whose paths name its sub-attributes.
    ValuePath {
        /// The attribute whose values are tested; it has no sub-attribute.
        attr: AttrPath,
        /// The test for one value, with paths relative to that value.
        filter: Box<Filter>,
    },
}

/// A comparison operator. Keywords are case-insensitive in filter text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `eq`: equal.
    Eq,
    /// `ne`: not equal.
    Ne,
    /// `co`: contains.
    Co,
    /// `sw`: starts with.
    Sw,
    /// `ew`: ends with.
    Ew,
    /// `gt`: greater than.
    Gt,
    /// `ge`: greater than or equal.
    Ge,
    /// `lt`: less than.
    Lt,
    /// `le`: less than or equal.
    Le,
}

impl CompareOp {
    /// The operator named by `word` in any case (`eq`, `EQ`, `Eq`), if it is one.
    pub fn from_keyword(word: &str) -> Option<Self> {
        const ALL: [CompareOp; 9] = [
            CompareOp::Eq,
            CompareOp::Ne,
            CompareOp::Co,
            CompareOp::Sw,
            CompareOp::Ew,
            CompareOp::Gt,
            CompareOp::Ge,
            CompareOp::Lt,
            CompareOp::Le,
        ];
        ALL.into_iter()
            .find(|op| op.keyword().eq_ignore_ascii_case(word))
    }

    /// The operator's keyword in lower case.
    pub fn keyword(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// Whether the operator orders values (`gt`, `ge`, `lt`, `le`).
    pub fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        )
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Why a filter could not be parsed or translated. The message names the position or attribute
/// at fault and is meant for the `detail` of a SCIM `invalidFilter` error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    message: String,
}

impl FilterError {
    /// An error with the given human-readable message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FilterError {}

/// The path and value when the whole filter is one `eq` comparison, such as
/// `userName eq "bjensen"`, so a store can answer it through an index.
pub fn simple_eq(filter: &Filter) -> Option<(&AttrPath, &Value)> {
    match filter {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } => Some((path, value)),
        _ => None,
    }
}

/// Writes the filter back as SCIM filter text; `and` and `or` groups get parentheses where
/// precedence needs them.
impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Compare { path, op, value } => write!(f, "{path} {op} {value}"),
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::And(left, right) => {
                write_operand(f, left)?;
                f.write_str(" and ")?;
                write_operand(f, right)
            }
            Filter::Or(left, right) => write!(f, "{left} or {right}"),
            Filter::Not(inner) => write!(f, "not ({inner})"),
            Filter::ValuePath { attr, filter } => write!(f, "{attr}[{filter}]"),
        }
    }
}

fn write_operand(f: &mut fmt::Formatter<'_>, operand: &Filter) -> fmt::Result {
    match operand {
        Filter::Or(..) => write!(f, "({operand})"),
        _ => write!(f, "{operand}"),
    }
}
