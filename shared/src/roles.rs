//! The four organization roles and the four project roles, their order and their names.
//!
//! Roles are ordered by power: `Owner > Admin > BillingAdmin > Member` and
//! `Owner > Admin > Analyst > Consumer`. The names are the ones the UI shows; `as_str` is the stable
//! key stored in the database and used in forms and CSV files.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A person's role in an organization. Declared from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Owner,
    Admin,
    BillingAdmin,
    Member,
}

/// A person's role on one project. Declared from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectRole {
    Owner,
    Admin,
    Analyst,
    Consumer,
}

/// The error of parsing a role name that is none of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a role")]
pub struct UnknownRole(pub String);

macro_rules! role_impls {
    ($ty:ident, [$(($variant:ident, $key:literal, $label:literal, $rank:literal)),+ $(,)?]) => {
        impl $ty {
            /// Every role, most powerful first.
            pub const ALL: [$ty; 4] = [$($ty::$variant),+];

            /// The stable key stored in the database and sent in forms.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $key),+ }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }

            /// Higher is more powerful.
            pub fn rank(self) -> u8 {
                match self { $($ty::$variant => $rank),+ }
            }
        }

        impl PartialOrd for $ty {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $ty {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.rank().cmp(&other.rank())
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        /// Accepts the key (`billing_admin`) or the label (`Billing Admin`), in any case.
        impl FromStr for $ty {
            type Err = UnknownRole;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                $ty::ALL
                    .into_iter()
                    .find(|r| r.as_str().eq_ignore_ascii_case(wanted) || r.label().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| UnknownRole(wanted.to_string()))
            }
        }
    };
}

/// Roles in the database: stored as their key (`billing_admin`). A stored text that is no role
/// fails to decode, so the row that holds it is an error rather than a row quietly left out.
#[cfg(feature = "sqlx")]
mod stored {
    use super::{OrgRole, ProjectRole};
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::{Database, Decode, Encode, Type};

    macro_rules! stored_as_key {
        ($ty:ident) => {
            impl<DB: Database> Type<DB> for $ty
            where
                str: Type<DB>,
            {
                fn type_info() -> DB::TypeInfo {
                    <str as Type<DB>>::type_info()
                }

                fn compatible(ty: &DB::TypeInfo) -> bool {
                    <str as Type<DB>>::compatible(ty)
                }
            }

            impl<'r, DB: Database> Decode<'r, DB> for $ty
            where
                &'r str: Decode<'r, DB>,
            {
                fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
                    let key = <&str as Decode<DB>>::decode(value)?;
                    $ty::ALL
                        .into_iter()
                        .find(|role| role.as_str() == key)
                        .ok_or_else(|| {
                            format!("“{key}” is not a stored {}", stringify!($ty)).into()
                        })
                }
            }

            impl<'q, DB: Database> Encode<'q, DB> for $ty
            where
                &'static str: Encode<'q, DB>,
            {
                fn encode_by_ref(
                    &self,
                    buf: &mut DB::ArgumentBuffer,
                ) -> Result<IsNull, BoxDynError> {
                    <&'static str as Encode<'q, DB>>::encode(self.as_str(), buf)
                }
            }
        };
    }

    stored_as_key!(OrgRole);
    stored_as_key!(ProjectRole);
}

role_impls!(
    OrgRole,
    [
        (Owner, "owner", "Owner", 4),
        (Admin, "admin", "Admin", 3),
        (BillingAdmin, "billing_admin", "Billing Admin", 2),
        (Member, "member", "Member", 1),
    ]
);

role_impls!(
    ProjectRole,
    [
        (Owner, "owner", "Owner", 4),
        (Admin, "admin", "Admin", 3),
        (Analyst, "analyst", "Analyst", 2),
        (Consumer, "consumer", "Consumer", 1),
    ]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_power() {
        assert!(OrgRole::Owner > OrgRole::Admin);
        assert!(OrgRole::Admin > OrgRole::BillingAdmin);
        assert!(OrgRole::BillingAdmin > OrgRole::Member);
        assert!(ProjectRole::Owner > ProjectRole::Admin);
        assert!(ProjectRole::Admin > ProjectRole::Analyst);
        assert!(ProjectRole::Analyst > ProjectRole::Consumer);
    }

    #[test]
    fn names_round_trip_through_key_and_label() {
        for role in OrgRole::ALL {
            assert_eq!(role.as_str().parse::<OrgRole>(), Ok(role));
            assert_eq!(role.label().to_uppercase().parse::<OrgRole>(), Ok(role));
        }
        for role in ProjectRole::ALL {
            assert_eq!(role.as_str().parse::<ProjectRole>(), Ok(role));
            assert_eq!(
                format!(" {} ", role.label().to_lowercase()).parse::<ProjectRole>(),
                Ok(role)
            );
        }
        assert_eq!(
            "Superuser".parse::<OrgRole>(),
            Err(UnknownRole("Superuser".into()))
        );
    }

    #[test]
    fn serde_uses_the_stable_keys() {
        assert_eq!(
            serde_json::to_string(&OrgRole::BillingAdmin).unwrap(),
            "\"billing_admin\""
        );
        assert_eq!(
            serde_json::from_str::<ProjectRole>("\"analyst\"").unwrap(),
            ProjectRole::Analyst
        );
    }
}
