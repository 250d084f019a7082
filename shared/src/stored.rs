//! How a yes-or-no is read back from either database (server side only: the `sqlx` feature).
//! SQLite has no boolean type and answers a stored flag, a comparison or an `EXISTS` with an
//! integer; Postgres answers them with a boolean. [`Flag`] reads both, so one query and one row
//! type serve both databases.

use sqlx::any::{Any, AnyTypeInfo, AnyTypeInfoKind};
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};

/// A truth value as either database stores it: a boolean, or an integer that is true unless 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        ty.kind() == AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        match <bool as Decode<Any>>::decode(value.clone()) {
            Ok(flag) => Ok(Flag(flag)),
            Err(_) => <i64 as Decode<Any>>::decode(value).map(|n| Flag(n != 0)),
        }
    }
}
