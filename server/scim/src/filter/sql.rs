//! Translates a filter into an SQLite `WHERE` clause with `?` placeholders.
//!
//! The caller says which column (or SQL expression) holds each attribute through [`SqlColumns`];
//! an attribute it does not know makes the filter an error. Semantics follow the in-memory
//! evaluation where SQLite allows:
//!
//! - Text compares case-insensitively through SQLite's `lower()`, which folds ASCII letters only.
//!   `co` is `instr(lower(col), lower(?)) > 0`, `sw` is `instr(…) = 1` and `ew` compares
//!   `substr(lower(col), -length(?))`, so no `LIKE` pattern escaping is needed.
//! - `pr` on text is `col IS NOT NULL AND col <> ''`; `eq null` is its negation.
//! - Every comparison is false (never NULL) when the column is NULL, and `ne` is true then, so
//!   `not ( … )` behaves as in memory.
//! - Time columns hold Unix seconds; the filter's RFC 3339 value is converted, with fractions of a
//!   second handled exactly.
//! - A `[ ]` filter such as `emails[type eq "work" and value eq "x"]` asks the column map for
//!   `emails.type` and `emails.value`: the attribute is treated as having one value per row.
//! - A path without a sub-attribute that the map does not know is retried with `.value`, so
//!   `emails eq "x"` can use the column of `emails.value`.

use serde_json::Value;

use super::{AttrPath, CompareOp, Filter, FilterError};
use crate::json::parse_bool;
use crate::time::parse_rfc3339;

/// Says which SQL column (or expression) holds an attribute, for [`to_sql`].
pub trait SqlColumns {
    /// The column for `path`, or `None` when the attribute cannot be filtered on.
    fn column(&self, path: &AttrPath) -> Option<Column>;
}

/// An SQL expression holding an attribute's value, such as `users.user_name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The SQL expression, written into the clause as is.
    pub expr: String,
    /// How the column stores the value.
    pub kind: ColumnKind,
}

impl Column {
    /// A text column.
    pub fn text(expr: impl Into<String>) -> Self {
        Self {
            expr: expr.into(),
            kind: ColumnKind::Text,
        }
    }

    /// A boolean column (0 or 1).
    pub fn boolean(expr: impl Into<String>) -> Self {
        Self {
            expr: expr.into(),
            kind: ColumnKind::Bool,
        }
    }

    /// A date-time column holding Unix seconds as an INTEGER.
    pub fn time(expr: impl Into<String>) -> Self {
        Self {
            expr: expr.into(),
            kind: ColumnKind::Time,
        }
    }
}

/// How a column stores an attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// TEXT, compared case-insensitively.
    Text,
    /// INTEGER 0 or 1; only `eq`, `ne` and `pr` apply.
    Bool,
    /// INTEGER Unix seconds; filter values are RFC 3339 date-times.
    Time,
}

/// A `WHERE` condition (without the keyword) and the values for its `?` placeholders, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlWhere {
    /// The condition.
    pub sql: String,
    /// One value per `?`, in order.
    pub binds: Vec<SqlValue>,
}

/// A value bound to a `?` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlValue {
    /// A TEXT value.
    Text(String),
    /// An INTEGER value.
    Int(i64),
    /// A boolean, stored by SQLite as 0 or 1.
    Bool(bool),
}

/// Translates `filter` into an SQLite condition. An attribute the column map does not know, an
/// operator the column's kind does not support, or a value of the wrong type is a
/// [`FilterError`] naming it.
pub fn to_sql(filter: &Filter, columns: &dyn SqlColumns) -> Result<SqlWhere, FilterError> {
    let mut out = SqlWhere {
        sql: String::new(),
        binds: Vec::new(),
    };
    write(filter, columns, None, &mut out)?;
    Ok(out)
}

fn write(
    filter: &Filter,
    columns: &dyn SqlColumns,
    outer: Option<&AttrPath>,
    out: &mut SqlWhere,
) -> Result<(), FilterError> {
    match filter {
        Filter::And(left, right) | Filter::Or(left, right) => {
            let joiner = if matches!(filter, Filter::And(..)) {
                " AND "
            } else {
                " OR "
            };
            out.sql.push('(');
            write(left, columns, outer, out)?;
            out.sql.push_str(joiner);
            write(right, columns, outer, out)?;
            out.sql.push(')');
        }
        Filter::Not(inner) => {
            out.sql.push_str("NOT ");
            out.sql.push('(');
            write(inner, columns, outer, out)?;
            out.sql.push(')');
        }
        Filter::Present(path) => {
            let (_, column) = resolve(path, outer, columns)?;
            present(&column, out);
        }
        Filter::Compare { path, op, value } => {
            let (full, column) = resolve(path, outer, columns)?;
            compare(&full, &column, *op, value, out)?;
        }
        Filter::ValuePath { attr, filter } => {
            if outer.is_some() || attr.sub.is_some() {
                return Err(FilterError::new(format!(
                    "the filter on '{attr}' cannot be nested"
                )));
            }
            write(filter, columns, Some(attr), out)?;
        }
    }
    Ok(())
}

/// The full path (an inner path of a `[ ]` filter joined to its attribute) and its column.
fn resolve(
    path: &AttrPath,
    outer: Option<&AttrPath>,
    columns: &dyn SqlColumns,
) -> Result<(AttrPath, Column), FilterError> {
    let full = match outer {
        None => path.clone(),
        Some(outer) => {
            if path.sub.is_some() || path.schema.is_some() {
                return Err(FilterError::new(format!(
                    "'{outer}[{path}]' cannot be used in a filter"
                )));
            }
            AttrPath {
                schema: outer.schema.clone(),
                attr: outer.attr.clone(),
                sub: Some(path.attr.clone()),
            }
        }
    };
    if let Some(column) = columns.column(&full) {
        return Ok((full, column));
    }
    if full.sub.is_none() {
        let with_value = AttrPath {
            sub: Some("value".to_owned()),
            ..full.clone()
        };
        if let Some(column) = columns.column(&with_value) {
            return Ok((full, column));
        }
    }
    Err(FilterError::new(format!(
        "the attribute '{full}' cannot be used in a filter"
    )))
}

fn present(column: &Column, out: &mut SqlWhere) {
    let c = &column.expr;
    match column.kind {
        ColumnKind::Text => push(out, &format!("({c} IS NOT NULL AND {c} <> '')")),
        ColumnKind::Bool | ColumnKind::Time => push(out, &format!("({c} IS NOT NULL)")),
    }
}

fn absent(column: &Column, out: &mut SqlWhere) {
    let c = &column.expr;
    match column.kind {
        ColumnKind::Text => push(out, &format!("({c} IS NULL OR {c} = '')")),
        ColumnKind::Bool | ColumnKind::Time => push(out, &format!("({c} IS NULL)")),
    }
}

fn compare(
    path: &AttrPath,
    column: &Column,
    op: CompareOp,
    value: &Value,
    out: &mut SqlWhere,
) -> Result<(), FilterError> {
    if value.is_null() {
        match op {
            CompareOp::Eq => absent(column, out),
            CompareOp::Ne => present(column, out),
            _ => return Err(unsupported(path, op, value)),
        }
        return Ok(());
    }
    match column.kind {
        ColumnKind::Text => text(path, column, op, value, out),
        ColumnKind::Bool => boolean(path, column, op, value, out),
        ColumnKind::Time => time(path, column, op, value, out),
    }
}

fn text(
    path: &AttrPath,
    column: &Column,
    op: CompareOp,
    value: &Value,
    out: &mut SqlWhere,
) -> Result<(), FilterError> {
    let Value::String(text) = value else {
        return Err(FilterError::new(format!(
            "'{path}' is compared with a string, not {value}"
        )));
    };
    let c = &column.expr;
    let bind = || SqlValue::Text(text.clone());
    let (sql, binds) = match op {
        CompareOp::Eq => (
            format!("({c} IS NOT NULL AND lower({c}) = lower(?))"),
            vec![bind()],
        ),
        CompareOp::Ne => (
            format!("({c} IS NULL OR lower({c}) <> lower(?))"),
            vec![bind()],
        ),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew if text.is_empty() => {
            (format!("({c} IS NOT NULL)"), Vec::new())
        }
        CompareOp::Co => (
            format!("({c} IS NOT NULL AND instr(lower({c}), lower(?)) > 0)"),
            vec![bind()],
        ),
        CompareOp::Sw => (
            format!("({c} IS NOT NULL AND instr(lower({c}), lower(?)) = 1)"),
            vec![bind()],
        ),
        CompareOp::Ew => (
            format!("({c} IS NOT NULL AND substr(lower({c}), -length(?)) = lower(?))"),
            vec![bind(), bind()],
        ),
        CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le => (
            format!("({c} IS NOT NULL AND lower({c}) {} lower(?))", symbol(op)),
            vec![bind()],
        ),
    };
    push(out, &sql);
    out.binds.extend(binds);
    Ok(())
}

fn boolean(
    path: &AttrPath,
    column: &Column,
    op: CompareOp,
    value: &Value,
    out: &mut SqlWhere,
) -> Result<(), FilterError> {
    let flag = match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => parse_bool(text),
        _ => None,
    }
    .ok_or_else(|| FilterError::new(format!("'{path}' is compared with true or false")))?;
    let c = &column.expr;
    let sql = match op {
        CompareOp::Eq => format!("({c} IS NOT NULL AND {c} = ?)"),
        CompareOp::Ne => format!("({c} IS NULL OR {c} <> ?)"),
        _ => return Err(unsupported(path, op, value)),
    };
    push(out, &sql);
    out.binds.push(SqlValue::Bool(flag));
    Ok(())
}

fn time(
    path: &AttrPath,
    column: &Column,
    op: CompareOp,
    value: &Value,
    out: &mut SqlWhere,
) -> Result<(), FilterError> {
    let instant = value
        .as_str()
        .and_then(parse_rfc3339)
        .ok_or_else(|| {
            FilterError::new(format!(
                "'{path}' is compared with an RFC 3339 date-time such as \"2011-05-13T04:42:34Z\", not {value}"
            ))
        })?;
    let c = &column.expr;
    let seconds = instant.seconds;
    // The column holds whole seconds; a filter value between two seconds moves the bound.
    let fraction = i64::from(instant.nanos > 0);
    let (comparison, bound) = match op {
        CompareOp::Eq | CompareOp::Ne if fraction == 1 => {
            let constant = if op == CompareOp::Eq { "0" } else { "1" };
            push(out, &format!("(1 = {constant})"));
            return Ok(());
        }
        CompareOp::Eq => ("=", seconds),
        CompareOp::Ne => {
            push(out, &format!("({c} IS NULL OR {c} <> ?)"));
            out.binds.push(SqlValue::Int(seconds));
            return Ok(());
        }
        CompareOp::Gt => (">", seconds),
        CompareOp::Ge => (">=", seconds + fraction),
        CompareOp::Lt => ("<", seconds + fraction),
        CompareOp::Le => ("<=", seconds),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => return Err(unsupported(path, op, value)),
    };
    push(out, &format!("({c} IS NOT NULL AND {c} {comparison} ?)"));
    out.binds.push(SqlValue::Int(bound));
    Ok(())
}

fn symbol(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Gt => ">",
        CompareOp::Ge => ">=",
        CompareOp::Lt => "<",
        CompareOp::Le => "<=",
        _ => "=",
    }
}

fn push(out: &mut SqlWhere, sql: &str) {
    out.sql.push_str(sql);
}

fn unsupported(path: &AttrPath, op: CompareOp, value: &Value) -> FilterError {
    FilterError::new(format!(
        "operator '{op}' cannot compare '{path}' with {value}"
    ))
}
