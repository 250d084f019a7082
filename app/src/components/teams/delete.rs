//! Deleting a team, after a confirmation that names the team and says who loses which access. The
//! Teams tab it returns to says it is deleted (no Undo: its members and grants are gone).

use crate::api::teams::DeleteTeam;
use crate::components::confirm::ConfirmDialog;
use crate::components::field::form_error;
use crate::components::notices::Notices;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::wire::TeamOverview;

/// What deleting `team` takes away, in words.
pub fn deletion_impact(team: &TeamOverview) -> String {
    if team.projects.is_empty() {
        return "The team grants no projects, so no one loses access.".into();
    }
    let people = match team.members {
        1 => "1 person loses".to_string(),
        n => format!("{n} people lose"),
    };
    let projects: Vec<String> = team
        .projects
        .iter()
        .map(|p| format!("{} ({})", p.project_name, p.role.label()))
        .collect();
    format!(
        "{people} access granted by this team: {}. Access they have from anywhere else stays.",
        projects.join(", ")
    )
}

#[component]
pub fn DeleteTeam(team: TeamOverview) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let confirming = RwSignal::new(false);
    let delete = ServerAction::<DeleteTeam>::new();
    let navigate = use_navigate();
    let teams = crate::me::org_path(paths::TEAMS);
    let notices = Notices::get();
    let deleted = shared::said::team_deleted(&team.name);
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            notices.done(deleted.clone());
            navigate(&teams, Default::default());
        }
    });
    let id = team.id;
    let title = format!("Delete team “{}”?", team.name);
    let message = deletion_impact(&team);
    view! {
        <button type="button" class="danger" on:click=move |_| confirming.set(true)>"Delete team"</button>
        <Show when=move || confirming.get()>
            <ConfirmDialog
                title=title.clone()
                message=message.clone()
                confirm_label="Delete team"
                pending=delete.pending()
                error=form_error(delete.value())
                on_confirm=Callback::new(move |_| {
                    delete.dispatch(DeleteTeam { org: org_id, id });
                })
                on_cancel=Callback::new(move |_| {
                    delete.value().set(None);
                    confirming.set(false);
                })
            />
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::wire::TeamProject;
    use shared::ProjectRole;

    #[test]
    fn the_confirmation_says_who_loses_what() {
        let mut team = TeamOverview {
            id: 1,
            name: "Data".into(),
            projects: vec![
                TeamProject {
                    project_id: 1,
                    project_name: "Web App".into(),
                    role: ProjectRole::Analyst,
                },
                TeamProject {
                    project_id: 2,
                    project_name: "Mobile".into(),
                    role: ProjectRole::Consumer,
                },
            ],
            members: 3,
            managed: false,
        };
        assert_eq!(
            deletion_impact(&team),
            "3 people lose access granted by this team: Web App (Analyst), Mobile (Consumer). Access they have from anywhere else stays."
        );
        team.members = 1;
        assert!(deletion_impact(&team).starts_with("1 person loses access"));
        team.projects.clear();
        assert_eq!(
            deletion_impact(&team),
            "The team grants no projects, so no one loses access."
        );
    }
}
