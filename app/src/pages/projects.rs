//! The Projects tab: everyone sees the list, 50 a page, searched by name and sorted by the server
//! (search, order and page in the address); Owners and Admins create and rename projects; Owners
//! delete them after a confirmation that names the project. Each change is said in a
//! notification; a rename's Undo gives the project its old name back.

use crate::api::codec::{load, Loaded};
use crate::api::projects::{
    list_project_page, rename_project, CreateProject, DeleteProject, RenameProject,
};
use crate::components::confirm::ConfirmDialog;
use crate::components::field::{field_error, form_error, Field};
use crate::components::lists::pager::ListPager;
use crate::components::lists::search::ListSearch;
use crate::components::lists::sort_header::SortHeader;
use crate::components::lists::ListAddress;
use crate::components::notices::{announce, undo_with, Notices, Said, WhenDone};
use crate::components::page_title::PageTitle;
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use shared::dates::format_date;
use shared::lists::{ProjectPage, ProjectQuery, ProjectSort};
use shared::said;
use shared::wire::ProjectSummary;
use shared::words::count_of;
use shared::AppError;
use shared::{can, Action};

#[component]
pub fn ProjectsTab() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let me = use_me();
    let allowed =
        move |action| me.with(|m| m.as_ref().is_some_and(|m| can(m.role, action).is_ok()));

    let create = ServerAction::<CreateProject>::new();
    let rename = ServerAction::<RenameProject>::new();
    let delete = ServerAction::<DeleteProject>::new();
    let address = ListAddress::<ProjectSort>::at(crate::me::org_path(paths::PROJECTS));
    let query = address.query;
    let notices = Notices::get();
    // Each answer keeps the query it answers, so the empty state speaks of the right search.
    let projects = load(
        move || {
            (
                query.get(),
                create.version().get(),
                rename.version().get(),
                delete.version().get(),
                notices.undone(),
            )
        },
        move |(q, ..)| async move {
            let answer = list_project_page(org_id, q.clone()).await;
            (q, answer)
        },
    );

    // Which row is being renamed, and which project waits for delete confirmation.
    let renaming = RwSignal::new(None::<i64>);
    let confirming = RwSignal::new(None::<ProjectSummary>);
    announce_project_changes(create, rename, delete, projects, confirming);
    Effect::new(move |_| {
        if matches!(rename.value().get(), Some(Ok(_))) {
            renaming.set(None);
        }
    });
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            confirming.set(None);
        }
    });
    // A successful create empties the form for the next project.
    let create_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            if let Some(form) = create_form.get() {
                form.reset();
            }
        }
    });

    let rows = {
        let address = address.clone();
        move || {
            let address = address.clone();
            projects.get().map(move |(asked, result)| match result {
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                Ok(page) if page.total == 0 && asked.search.trim().is_empty() => view! {
                    <div class="empty">
                        <p><strong>"No projects yet."</strong></p>
                        <p>"Projects hold your organization's data. People reach them through their role, their teams or individual grants."</p>
                    </div>
                }
                .into_any(),
                Ok(page) if page.total == 0 => {
                    view! { <p class="hint">"No project matches this search."</p> }.into_any()
                }
                Ok(page) => {
                    let (number, pages) = (page.page, page.pages());
                    view! {
                        <p class="count" role="status">{count_of(page.total, "project", "projects")}</p>
                        <table class="data" aria-label="Projects">
                            <thead>
                                <tr>
                                    <SortHeader address=address.clone() label="Name" sort=ProjectSort::Name />
                                    <th scope="col">"All users get"</th>
                                    <SortHeader address=address.clone() label="Created" sort=ProjectSort::Created />
                                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {page
                                    .rows
                                    .into_iter()
                                    .map(|project| view! {
                                        <ProjectRow
                                            project
                                            renaming
                                            confirming
                                            rename
                                            may_rename=allowed(Action::RenameProject)
                                            may_delete=allowed(Action::DeleteProject)
                                        />
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                        <ListPager address page=number pages />
                    }
                    .into_any()
                }
            })
        }
    };

    view! {
        <PageTitle page="Projects" />
        <section class="panel" aria-labelledby="projects-heading">
            <div class="panel-header">
                <h2 id="projects-heading">"Projects"</h2>
            </div>
            <Show when=move || allowed(Action::CreateProject)>
                <ActionForm action=create node_ref=create_form attr:class="inline-form">
                    <crate::components::field::OrgField />
                    <Field label="Project name" name="name" error=field_error(create.value(), "name") />
                    <button type="submit" class="primary" disabled=move || create.pending().get()>
                        "Create project"
                    </button>
                    <p class="form-error" role="alert">{move || form_error(create.value()).get()}</p>
                </ActionForm>
            </Show>
            <ListSearch address=address.clone() id="search-projects" label="Search projects" />
            <Transition fallback=|| view! { <p class="loading">"Loading projects…"</p> }>{rows}</Transition>
            {move || {
                confirming
                    .get()
                    .map(|project| {
                        let id = project.id;
                        view! {
                            <ConfirmDialog
                                title=format!("Delete project “{}”?", project.name)
                                message=format!(
                                    "“{}” and every grant on it (individual, team and all-users) will be removed. This cannot be undone.",
                                    project.name,
                                )
                                confirm_label="Delete project"
                                pending=delete.pending()
                                error=form_error(delete.value())
                                on_confirm=Callback::new(move |_| {
                                    delete.dispatch(DeleteProject { org: org_id, id });
                                })
                                on_cancel=Callback::new(move |_| {
                                    delete.value().set(None);
                                    confirming.set(None);
                                })
                            />
                        }
                    })
            }}
        </section>
    }
}

/// The page of projects shown, with the query it answers.
type ProjectsResource = Loaded<(ProjectQuery, Result<ProjectPage, AppError>)>;

/// Says each project created, renamed (with an Undo that renames it back) and deleted.
fn announce_project_changes(
    create: ServerAction<CreateProject>,
    rename: ServerAction<RenameProject>,
    delete: ServerAction<DeleteProject>,
    projects: ProjectsResource,
    confirming: RwSignal<Option<ProjectSummary>>,
) {
    announce(create, |_: &CreateProject| {
        let when_done: WhenDone<ProjectSummary> =
            Box::new(|created| Some(Said::text(said::project_created(&created.name))));
        Some(when_done)
    });
    announce(rename, move |asked: &RenameProject| {
        let (org, id) = (asked.org, asked.id);
        let old = projects
            .get_untracked()
            .and_then(|(_, page)| page.ok())?
            .rows
            .into_iter()
            .find(|p| p.id == id)?
            .name;
        let when_done: WhenDone<ProjectSummary> = Box::new(move |renamed| {
            let new = renamed.name.clone();
            if new == old {
                return None;
            }
            let text = said::project_renamed(&old, &new);
            let undo = undo_with(move || {
                let (old, new) = (old.clone(), new.clone());
                async move {
                    rename_project(org, id, old.clone()).await?;
                    Ok(said::project_renamed_back(&new, &old))
                }
            });
            Some(Said::with_undo(text, undo))
        });
        Some(when_done)
    });
    announce(delete, move |asked: &DeleteProject| {
        let project = confirming.get_untracked().filter(|p| p.id == asked.id)?;
        Said::text(said::project_deleted(&project.name)).when_done()
    });
}

#[component]
fn ProjectRow(
    project: ProjectSummary,
    renaming: RwSignal<Option<i64>>,
    confirming: RwSignal<Option<ProjectSummary>>,
    rename: ServerAction<RenameProject>,
    may_rename: bool,
    may_delete: bool,
) -> impl IntoView {
    let id = project.id;
    let name = project.name.clone();
    let editing = move || renaming.get() == Some(id);
    let all_users = project.all_users_role.map(|r| r.label()).unwrap_or("—");
    let name_cell = {
        let name = name.clone();
        move || {
            if editing() {
                let label = format!("New name for {name}");
                let current = name.clone();
                view! {
                    <ActionForm action=rename attr:class="rename-form">
                        <crate::components::field::OrgField />
                        <input type="hidden" name="id" value=id.to_string() />
                        <label class="sr-only" for=format!("rename-{id}")>{label}</label>
                        <input id=format!("rename-{id}") name="name" value=current autofocus=true />
                        <button type="submit" class="primary">"Save"</button>
                        <button type="button" on:click=move |_| {
                            rename.value().set(None);
                            renaming.set(None);
                        }>"Cancel"</button>
                        <p class="field-error" role="alert">{move || field_error(rename.value(), "name").get().or_else(|| form_error(rename.value()).get())}</p>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! { <span class="project-name">{name.clone()}</span> }.into_any()
            }
        }
    };
    let rename_button = may_rename.then(|| {
        view! {
            <button type="button" aria-label=format!("Rename {}", project.name) on:click=move |_| {
                rename.value().set(None);
                renaming.set(Some(id));
            }>"Rename"</button>
        }
    });
    let delete_button = may_delete.then(|| {
        let project = project.clone();
        view! {
            <button type="button" class="danger-link" aria-label=format!("Delete {}", project.name) on:click=move |_| {
                confirming.set(Some(project.clone()))
            }>"Delete"</button>
        }
    });
    view! {
        <tr>
            <td>{name_cell}</td>
            <td>{all_users}</td>
            <td>{format_date(project.created_at)}</td>
            <td class="row-actions">
                <a href=paths::project(&crate::me::use_org().slug, id) aria-label=format!("People in {}", project.name)>"People"</a>
                {rename_button}
                {delete_button}
            </td>
        </tr>
    }
}
