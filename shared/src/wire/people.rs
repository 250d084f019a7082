//! The Users tab on the wire: its query (search, filters, order, page — everything that lives in
//! its address), a page of people, and what a bulk action on selected people does.

use crate::query_string;
use crate::roles::OrgRole;
use serde::{Deserialize, Serialize};

/// How the Users tab's list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeopleSort {
    #[default]
    Name,
    Email,
    Role,
    /// By the number of teams the person is in.
    Teams,
    Joined,
    LastActive,
}

impl PeopleSort {
    pub const ALL: [PeopleSort; 6] = [
        PeopleSort::Name,
        PeopleSort::Email,
        PeopleSort::Role,
        PeopleSort::Teams,
        PeopleSort::Joined,
        PeopleSort::LastActive,
    ];

    /// The key used in the address bar.
    pub fn as_str(self) -> &'static str {
        match self {
            PeopleSort::Name => "name",
            PeopleSort::Email => "email",
            PeopleSort::Role => "role",
            PeopleSort::Teams => "teams",
            PeopleSort::Joined => "joined",
            PeopleSort::LastActive => "last_active",
        }
    }

    pub fn parse(key: &str) -> Option<PeopleSort> {
        PeopleSort::ALL.into_iter().find(|s| s.as_str() == key)
    }
}

/// The Users tab's search, filters, order and page — everything that lives in its address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeopleQuery {
    /// Part of a name or an email.
    pub search: String,
    pub role: Option<OrgRole>,
    pub team_id: Option<i64>,
    /// People who can reach this project (through any grant).
    pub project_id: Option<i64>,
    /// Only people with this status.
    #[serde(default)]
    pub status: Option<PersonStatus>,
    pub sort: PeopleSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
}

/// A person's status in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    Active,
    Deactivated,
}

impl PersonStatus {
    pub const ALL: [PersonStatus; 2] = [PersonStatus::Active, PersonStatus::Deactivated];

    /// The key in the address bar (`?status=deactivated`).
    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Active => "active",
            PersonStatus::Deactivated => "deactivated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PersonStatus::Active => "Active",
            PersonStatus::Deactivated => "Deactivated",
        }
    }

    pub fn parse(key: &str) -> Option<PersonStatus> {
        PersonStatus::ALL.into_iter().find(|s| s.as_str() == key)
    }

    pub fn of(active: bool) -> PersonStatus {
        if active {
            PersonStatus::Active
        } else {
            PersonStatus::Deactivated
        }
    }
}

/// People shown per page of the Users tab.
pub const PEOPLE_PAGE_SIZE: u32 = 50;

impl PeopleQuery {
    /// Reads the query from the address's parameters (unknown values fall back to defaults).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> PeopleQuery {
        PeopleQuery {
            search: get("q").unwrap_or_default(),
            role: get("role").and_then(|r| r.parse().ok()),
            team_id: get("team").and_then(|t| t.parse().ok()),
            project_id: get("project").and_then(|p| p.parse().ok()),
            status: get("status").and_then(|s| PersonStatus::parse(&s)),
            sort: get("sort")
                .and_then(|s| PeopleSort::parse(&s))
                .unwrap_or_default(),
            descending: get("dir").as_deref() == Some("desc"),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The address's parameters for this query, defaults left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.search.trim().is_empty() {
            params.push(("q", self.search.clone()));
        }
        if let Some(role) = self.role {
            params.push(("role", role.as_str().to_string()));
        }
        if let Some(team) = self.team_id {
            params.push(("team", team.to_string()));
        }
        if let Some(project) = self.project_id {
            params.push(("project", project.to_string()));
        }
        if let Some(status) = self.status {
            params.push(("status", status.as_str().to_string()));
        }
        if self.sort != PeopleSort::Name {
            params.push(("sort", self.sort.as_str().to_string()));
        }
        if self.descending {
            params.push(("dir", "desc".to_string()));
        }
        if self.page > 1 {
            params.push(("page", self.page.to_string()));
        }
        params
    }

    /// `?q=…&role=…` for the address bar (empty for the defaults).
    pub fn to_query_string(&self) -> String {
        query_string::from_params(&self.to_params())
    }
}

/// What a bulk action on selected people does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkChoice {
    ChangeRole(OrgRole),
    AddToTeam(i64),
    Remove,
}

/// One person in the Users tab's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: OrgRole,
    /// How many projects the person reaches, through any grant.
    pub project_count: usize,
    /// The first few of them, by name (for a hover list).
    pub project_names: Vec<String>,
    pub teams: Vec<String>,
    pub joined_at: i64,
    pub last_active_at: Option<i64>,
    #[serde(default = "active")]
    pub status: PersonStatus,
}

/// A person is active unless the answer says otherwise.
pub(super) fn active() -> PersonStatus {
    PersonStatus::Active
}

/// One page of the Users tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub rows: Vec<PersonRow>,
    /// How many people match the search and filters, over all pages.
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    /// How many invitations to the organization wait for an answer; only for those who invite.
    pub pending_invitations: Option<i64>,
    /// Filters of the query that name nothing of the organization (a team or project deleted
    /// since the link was made): they were left out of this answer.
    #[serde(default)]
    pub dropped_filters: Vec<StaleFilter>,
}

/// A filter of the Users tab whose team or project no longer exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaleFilter {
    Team,
    Project,
}

impl StaleFilter {
    /// What the Users tab says when it leaves this filter out.
    pub fn note(self) -> &'static str {
        match self {
            StaleFilter::Team => "The team in this link no longer exists; showing all teams.",
            StaleFilter::Project => {
                "The project in this link no longer exists; showing all projects."
            }
        }
    }

    /// The query without this filter.
    pub fn drop_from(self, query: &mut PeopleQuery) {
        match self {
            StaleFilter::Team => query.team_id = None,
            StaleFilter::Project => query.project_id = None,
        }
    }
}

impl PeoplePage {
    /// The number of the last page of the list (1 when nothing matches).
    pub fn last_page(total: i64, page_size: u32) -> u32 {
        let pages = (total.max(0) as u64).div_ceil(u64::from(page_size.max(1)));
        u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_people_query_survives_the_address_bar() {
        let query = PeopleQuery {
            search: "ada".into(),
            role: Some(OrgRole::BillingAdmin),
            team_id: Some(3),
            project_id: None,
            status: Some(PersonStatus::Deactivated),
            sort: PeopleSort::LastActive,
            descending: true,
            page: 4,
        };
        let params: HashMap<&str, String> = query.to_params().into_iter().collect();
        assert_eq!(PeopleQuery::from_params(|k| params.get(k).cloned()), query);
        assert!(
            PeopleQuery::default().to_params().is_empty(),
            "defaults stay out of the address"
        );
        let searched = PeopleQuery {
            search: "a&b c".into(),
            ..PeopleQuery::default()
        };
        assert_eq!(searched.to_query_string(), "?q=a%26b%20c");
        let odd =
            PeopleQuery::from_params(|k| Some(if k == "page" { "0" } else { "bogus" }.to_string()));
        assert_eq!(odd.page, 1);
        assert_eq!(odd.role, None);
        assert_eq!(odd.sort, PeopleSort::Name);
    }
}
