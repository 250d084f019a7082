//! The Create Team flow's state as its address holds it: `?name=…&projects=12:analyst,15:owner&
//! members=3,7&step=2`. The hydrated flow writes that address as it goes; without JavaScript each
//! step is a GET form of the same address whose hidden fields carry what the other steps chose
//! (the projects step sends its ticks as `project=12&role-12=analyst`, read here as well).

use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use shared::query_string::percent_encode;
use shared::wire::ProjectChoice;
use shared::ProjectRole;

/// Where the flow lives.
pub const PATH: &str = crate::paths::NEW_TEAM;

/// The role a project gets when it is ticked without choosing one.
pub const DEFAULT_ROLE: ProjectRole = ProjectRole::Consumer;

/// The chosen projects as the address writes them: `12:analyst,15:owner`.
pub fn choices_param(choices: &[ProjectChoice]) -> String {
    choices
        .iter()
        .map(|c| format!("{}:{}", c.project_id, c.role.as_str()))
        .collect::<Vec<_>>()
        .join(",")
}

/// The chosen projects read from the address; anything unreadable is left out.
pub fn parse_choices(param: &str) -> Vec<ProjectChoice> {
    let mut choices: Vec<ProjectChoice> = Vec::new();
    for part in param.split(',') {
        let Some((id, role)) = part.split_once(':') else {
            continue;
        };
        let (Ok(project_id), Ok(role)) =
            (id.trim().parse::<i64>(), role.trim().parse::<ProjectRole>())
        else {
            continue;
        };
        if !choices.iter().any(|c| c.project_id == project_id) {
            choices.push(ProjectChoice { project_id, role });
        }
    }
    choices
}

/// The chosen people as the address writes them: `3,7`.
pub fn members_param(members: &[i64]) -> String {
    members
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The chosen people read from the address; anything unreadable is left out.
pub fn parse_members(param: &str) -> Vec<i64> {
    let mut members: Vec<i64> = Vec::new();
    for id in param
        .split(',')
        .filter_map(|p| p.trim().parse::<i64>().ok())
    {
        if !members.contains(&id) {
            members.push(id);
        }
    }
    members
}

/// What the flow has chosen so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowState {
    pub name: String,
    pub choices: Vec<ProjectChoice>,
    pub members: Vec<i64>,
}

impl FlowState {
    /// The state an address holds, including the projects step's own fields when its form sent
    /// them.
    pub fn from_query(query: &ParamsMap) -> FlowState {
        FlowState::read(|key| query.get_all(key).unwrap_or_default())
    }

    /// The state of an address whose values for each key `all` gives, in order.
    fn read(all: impl Fn(&str) -> Vec<String>) -> FlowState {
        let last = |key: &str| all(key).pop();
        let mut choices = last("projects")
            .map(|c| parse_choices(&c))
            .unwrap_or_default();
        for id in all("project") {
            let Ok(project_id) = id.trim().parse::<i64>() else {
                continue;
            };
            let role = last(&format!("role-{project_id}"))
                .and_then(|r| r.parse().ok())
                .unwrap_or(DEFAULT_ROLE);
            if !choices.iter().any(|c| c.project_id == project_id) {
                choices.push(ProjectChoice { project_id, role });
            }
        }
        FlowState {
            name: last("name").unwrap_or_default(),
            choices,
            members: last("members")
                .map(|m| parse_members(&m))
                .unwrap_or_default(),
        }
    }

    /// The flow's address for `step` (0-based).
    pub fn address(&self, slug: &str, step: usize) -> String {
        let mut params = Vec::new();
        if !self.name.is_empty() {
            params.push(format!("name={}", percent_encode(&self.name)));
        }
        if !self.choices.is_empty() {
            params.push(format!(
                "projects={}",
                percent_encode(&choices_param(&self.choices))
            ));
        }
        if !self.members.is_empty() {
            params.push(format!(
                "members={}",
                percent_encode(&members_param(&self.members))
            ));
        }
        if step > 0 {
            params.push(format!("step={}", step + 1));
        }
        let path = crate::paths::in_org(slug, PATH);
        if params.is_empty() {
            path
        } else {
            format!("{path}?{}", params.join("&"))
        }
    }

    /// The hidden fields that carry this state in a form, leaving out those the form asks for
    /// itself.
    pub fn fields(&self, leave_out: &[&str]) -> Vec<(&'static str, String)> {
        [
            ("name", self.name.clone()),
            ("projects", choices_param(&self.choices)),
            ("members", members_param(&self.members)),
        ]
        .into_iter()
        .filter(|(field, _)| !leave_out.contains(field))
        .collect()
    }
}

/// Hidden inputs for `fields`.
pub fn hidden_fields(fields: Vec<(&'static str, String)>) -> impl IntoView {
    fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> FlowState {
        FlowState {
            name: "Data & Co".into(),
            choices: vec![
                ProjectChoice {
                    project_id: 12,
                    role: ProjectRole::Analyst,
                },
                ProjectChoice {
                    project_id: 15,
                    role: ProjectRole::Owner,
                },
            ],
            members: vec![3, 7],
        }
    }

    #[test]
    fn the_address_carries_the_name_the_projects_the_members_and_the_step() {
        assert_eq!(
            FlowState::default().address("acme", 0),
            "/orgs/acme/settings/teams/new"
        );
        assert_eq!(
            state().address("acme", 1),
            "/orgs/acme/settings/teams/new?name=Data%20%26%20Co&projects=12%3Aanalyst%2C15%3Aowner&members=3%2C7&step=2"
        );
        assert_eq!(
            parse_choices(&choices_param(&state().choices)),
            state().choices
        );
        assert_eq!(parse_members(&members_param(&state().members)), vec![3, 7]);
    }

    #[test]
    fn an_address_is_read_back_with_the_projects_steps_own_fields() {
        let query = [
            ("name", "Data & Co"),
            ("projects", "12:analyst"),
            ("project", "15"),
            ("role-15", "owner"),
            ("project", "16"),
            ("members", "3,x,7,3"),
        ];
        let all = |key: &str| {
            query
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
                .collect()
        };
        let mut expected = state();
        expected.choices.push(ProjectChoice {
            project_id: 16,
            role: DEFAULT_ROLE,
        });
        assert_eq!(FlowState::read(all), expected);
        assert_eq!(
            state().fields(&["projects"]),
            vec![
                ("name", "Data & Co".to_string()),
                ("members", "3,7".to_string())
            ]
        );
    }

    #[test]
    fn unreadable_choices_are_left_out() {
        assert_eq!(
            parse_choices("12:analyst,x:owner,13:king,14,12:owner,, 16 : consumer "),
            vec![
                ProjectChoice {
                    project_id: 12,
                    role: ProjectRole::Analyst
                },
                ProjectChoice {
                    project_id: 16,
                    role: ProjectRole::Consumer
                },
            ]
        );
        assert!(parse_choices("").is_empty());
    }
}
