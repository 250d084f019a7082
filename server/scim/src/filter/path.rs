//! Attribute paths (`userName`, `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`).

use std::fmt;

use super::FilterError;

/// An attribute path: an optional schema URN, an attribute name and an optional sub-attribute
/// name. Names compare case-insensitively.
///
/// A path that is a whole extension schema URN, such as
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`, names the extension's object in
/// the resource: it parses with `schema: None` and the URN as `attr`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrPath {
    /// The schema URN written before the attribute, if any.
    pub schema: Option<String>,
    /// The attribute name.
    pub attr: String,
    /// The sub-attribute name of a complex attribute, if any.
    pub sub: Option<String>,
}

/// Schemas whose attributes sit at the top level of a resource, so their URN prefix changes
/// nothing.
const CORE_PREFIX: &str = "urn:ietf:params:scim:schemas:core:";

impl AttrPath {
    /// A path to a top-level attribute.
    pub fn new(attr: impl Into<String>) -> Self {
        Self {
            schema: None,
            attr: attr.into(),
            sub: None,
        }
    }

    /// A path to a sub-attribute of a top-level complex attribute.
    pub fn with_sub(attr: impl Into<String>, sub: impl Into<String>) -> Self {
        Self {
            schema: None,
            attr: attr.into(),
            sub: Some(sub.into()),
        }
    }

    /// Reads a path such as `userName`, `name.givenName`,
    /// `urn:ietf:params:scim:schemas:core:2.0:User:userName` or
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`. The schema
    /// URN is everything up to the last `:`; a whole schema URN (its last segment follows a
    /// version such as `2.0`) is taken as the attribute holding that extension.
    pub fn parse(text: &str) -> Result<Self, FilterError> {
        let invalid = || FilterError::new(format!("'{text}' is not a valid attribute path"));
        if starts_with_ignore_case(text, "urn:") {
            let (schema, rest) = text.rsplit_once(':').ok_or_else(invalid)?;
            if is_whole_schema(schema, rest) {
                return Ok(Self::new(text));
            }
            let mut path = Self::parse_names(rest).ok_or_else(invalid)?;
            if schema.len() <= "urn:".len() {
                return Err(invalid());
            }
            path.schema = Some(schema.to_owned());
            return Ok(path);
        }
        Self::parse_names(text).ok_or_else(invalid)
    }

    /// `attr` or `attr.sub`, each a valid attribute name.
    fn parse_names(text: &str) -> Option<Self> {
        let (attr, sub) = match text.split_once('.') {
            Some((attr, sub)) => (attr, Some(sub)),
            None => (text, None),
        };
        if !is_attr_name(attr) || sub.is_some_and(|sub| !is_attr_name(sub)) {
            return None;
        }
        Some(Self {
            schema: None,
            attr: attr.to_owned(),
            sub: sub.map(str::to_owned),
        })
    }

    /// The extension schema URN this path looks inside, or `None` for top-level attributes
    /// (no schema, or a core schema such as `urn:ietf:params:scim:schemas:core:2.0:User`).
    pub fn extension(&self) -> Option<&str> {
        self.schema
            .as_deref()
            .filter(|schema| !starts_with_ignore_case(schema, CORE_PREFIX))
    }

    /// A canonical lower-case key: `username`, `name.givenname`, or
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value` for an
    /// extension attribute. A core schema prefix is left out.
    pub fn key(&self) -> String {
        let mut key = String::new();
        if let Some(extension) = self.extension() {
            key.push_str(&extension.to_ascii_lowercase());
            key.push(':');
        }
        key.push_str(&self.attr.to_ascii_lowercase());
        if let Some(sub) = &self.sub {
            key.push('.');
            key.push_str(&sub.to_ascii_lowercase());
        }
        key
    }

    /// Whether this path names the same attribute as the path written `name`, ignoring case and
    /// any core schema prefix: `path.matches("name.givenName")`.
    pub fn matches(&self, name: &str) -> bool {
        Self::parse(name).is_ok_and(|other| other.key() == self.key())
    }

    /// Whether the attribute (ignoring any sub-attribute) is the top-level attribute `name`.
    pub fn attr_is(&self, name: &str) -> bool {
        self.extension().is_none() && self.attr.eq_ignore_ascii_case(name)
    }

    /// Whether the sub-attribute is `name`.
    pub fn sub_is(&self, name: &str) -> bool {
        self.sub
            .as_deref()
            .is_some_and(|sub| sub.eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(schema) = &self.schema {
            write!(f, "{schema}:")?;
        }
        f.write_str(&self.attr)?;
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// Whether `name` is an attribute name: a letter then letters, digits, `-` or `_`
/// (RFC 7644 ATTRNAME), or `$ref`-style names that start with `$`.
pub(crate) fn is_attr_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = match chars.next() {
        Some('$') => chars.clone().next().is_some(),
        Some(c) => c.is_ascii_alphabetic(),
        None => false,
    };
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether `urn:…:<schema_end>:<last>` is itself a schema URN rather than an attribute path: the
/// segment before `last` is a version such as `2.0`.
fn is_whole_schema(schema: &str, last: &str) -> bool {
    if last.contains('.') || !is_attr_name(last) {
        return false;
    }
    let previous = schema.rsplit(':').next().unwrap_or_default();
    !previous.is_empty()
        && previous.chars().any(|c| c.is_ascii_digit())
        && previous.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Whether `text` starts with `urn:` in any case.
pub(crate) fn is_urn(text: &str) -> bool {
    starts_with_ignore_case(text, "urn:")
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}
