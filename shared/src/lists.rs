//! The queries and pages of the Teams tab, the Projects tab and a team's members: a search, an
//! order and a page, all kept in the page's address (`?q=…&sort=members&dir=desc&page=2`) and
//! answered by the server, [`LIST_PAGE_SIZE`] rows at a time, with the total.
//!
//! The Users tab has its own query (`wire::PeopleQuery`), which adds filters; these lists search by
//! name (a team's members: name or email) and sort by one column.

use crate::query_string;
use crate::wire::{PeoplePage, ProjectSummary, TeamMember, TeamOverview};
use serde::{Deserialize, Serialize};

/// Rows on one page of a list.
pub const LIST_PAGE_SIZE: u32 = 50;

/// A column a list can be sorted by, with its key in the address.
pub trait SortKey: Copy + Default + PartialEq + Eq + Send + Sync + 'static {
    const ALL: &'static [Self];

    /// The key in the address (`?sort=members`).
    fn as_str(self) -> &'static str;

    fn parse(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == key)
    }
}

/// A list's search, order and page: everything that lives in its address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct ListQuery<S> {
    /// Part of a name (a team's members: of a name or an email), in any case.
    pub search: String,
    pub sort: S,
    pub descending: bool,
    /// 1-based; 0 reads as 1.
    pub page: u32,
}

impl<S: SortKey> ListQuery<S> {
    /// Reads the query from the address's parameters (unknown values fall back to defaults).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> ListQuery<S> {
        ListQuery {
            search: get("q").unwrap_or_default(),
            sort: get("sort").and_then(|s| S::parse(&s)).unwrap_or_default(),
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
        if self.sort != S::default() {
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

    /// `?q=…&sort=…` for the address bar (empty for the defaults).
    pub fn to_query_string(&self) -> String {
        query_string::from_params(&self.to_params())
    }

    /// The same query sorted by `sort`: ascending first, the other way when it is sorted by it
    /// already; from page 1.
    pub fn sorted_by(&self, sort: S) -> ListQuery<S> {
        ListQuery {
            descending: self.sort == sort && !self.descending,
            sort,
            page: 1,
            ..self.clone()
        }
    }

    /// The same query at page `page`.
    pub fn at_page(&self, page: u32) -> ListQuery<S> {
        ListQuery {
            page: page.max(1),
            ..self.clone()
        }
    }
}

/// One page of a list, with how many rows match over all pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub rows: Vec<T>,
    pub total: i64,
    /// The page these rows are: the one asked for, or the last one when that was past the end.
    pub page: u32,
    pub page_size: u32,
}

impl<T> ListPage<T> {
    /// How many pages the list has (1 when nothing matches).
    pub fn pages(&self) -> u32 {
        PeoplePage::last_page(self.total, self.page_size)
    }
}

/// How the Teams tab is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamSort {
    #[default]
    Name,
    /// By the number of members.
    Members,
    /// By the number of projects the team grants.
    Projects,
}

impl SortKey for TeamSort {
    const ALL: &'static [TeamSort] = &[TeamSort::Name, TeamSort::Members, TeamSort::Projects];

    fn as_str(self) -> &'static str {
        match self {
            TeamSort::Name => "name",
            TeamSort::Members => "members",
            TeamSort::Projects => "projects",
        }
    }
}

/// How the Projects tab is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSort {
    #[default]
    Name,
    Created,
}

impl SortKey for ProjectSort {
    const ALL: &'static [ProjectSort] = &[ProjectSort::Name, ProjectSort::Created];

    fn as_str(self) -> &'static str {
        match self {
            ProjectSort::Name => "name",
            ProjectSort::Created => "created",
        }
    }
}

/// How a team's members are sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    #[default]
    Name,
    Email,
}

impl SortKey for MemberSort {
    const ALL: &'static [MemberSort] = &[MemberSort::Name, MemberSort::Email];

    fn as_str(self) -> &'static str {
        match self {
            MemberSort::Name => "name",
            MemberSort::Email => "email",
        }
    }
}

pub type TeamQuery = ListQuery<TeamSort>;
pub type TeamPage = ListPage<TeamOverview>;
pub type ProjectQuery = ListQuery<ProjectSort>;
pub type ProjectPage = ListPage<ProjectSummary>;
pub type MemberQuery = ListQuery<MemberSort>;
pub type MemberPage = ListPage<TeamMember>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_list_query_survives_the_address_bar() {
        let query = TeamQuery {
            search: "data & ops".into(),
            sort: TeamSort::Members,
            descending: true,
            page: 3,
        };
        let params: HashMap<&str, String> = query.to_params().into_iter().collect();
        assert_eq!(TeamQuery::from_params(|k| params.get(k).cloned()), query);
        assert_eq!(
            query.to_query_string(),
            "?q=data%20%26%20ops&sort=members&dir=desc&page=3"
        );
        assert_eq!(TeamQuery::default().to_query_string(), "");
        let odd = ProjectQuery::from_params(|k| Some(if k == "page" { "0" } else { "x" }.into()));
        assert_eq!(odd.page, 1);
        assert_eq!(odd.sort, ProjectSort::Name);
        assert!(!odd.descending);
    }

    #[test]
    fn sorting_by_a_column_starts_ascending_then_turns_and_goes_to_page_one() {
        let query = MemberQuery {
            search: "ann".into(),
            page: 4,
            ..MemberQuery::default()
        };
        let by_email = query.sorted_by(MemberSort::Email);
        assert_eq!(
            (by_email.sort, by_email.descending),
            (MemberSort::Email, false)
        );
        assert_eq!((by_email.page, by_email.search.as_str()), (1, "ann"));
        let turned = by_email.at_page(2).sorted_by(MemberSort::Email);
        assert_eq!((turned.descending, turned.page), (true, 1));
        assert!(!turned.sorted_by(MemberSort::Name).descending);
    }

    #[test]
    fn a_query_with_missing_fields_reads_as_the_defaults() {
        let query: ProjectQuery = serde_json::from_str(r#"{"search":"web"}"#).unwrap();
        assert_eq!(query.search, "web");
        assert_eq!((query.sort, query.descending), (ProjectSort::Name, false));
        let page = ProjectPage {
            rows: vec![],
            total: 101,
            page: 1,
            page_size: LIST_PAGE_SIZE,
        };
        assert_eq!(page.pages(), 3);
    }
}
