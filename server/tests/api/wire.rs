//! What crosses to the browser's module: server-function answers are postcard when the request
//! asks for it (as the module does) and JSON otherwise; the data a page hydrates from is postcard
//! in base64, decoded by the module's own codec.

use crate::hydration::resolved_resources;
use crate::support::TestApp;
use app::api::codec::PageData;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use leptos::server::codee::Decoder;
use shared::lists::{ProjectPage, ProjectQuery};
use shared::wire::ProjectSummary;
use shared::AppError;

const POSTCARD: &str = "application/x-postcard";

/// Posts `form` to `/api/<name>` as `cookie`, accepting `accept`: the status, content type and body.
async fn call_accepting(
    app: &TestApp,
    name: &str,
    form: &str,
    cookie: &str,
    accept: &str,
) -> (StatusCode, String, Vec<u8>) {
    let request = Request::post(format!("/api/{name}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, accept)
        .header(header::COOKIE, cookie)
        .body(Body::from(form.to_string()))
        .unwrap();
    let (status, headers, body) = app.send_for_bytes(request).await;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, content_type, body.to_vec())
}

#[tokio::test]
async fn a_server_function_answers_postcard_to_the_module_and_json_to_anyone_else() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    app.project(&owner, "Wombat Works").await;
    let form = format!("org={}", org.id);

    let (status, content_type, body) =
        call_accepting(&app, "list_projects", &form, &owner, POSTCARD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, POSTCARD);
    let from_postcard: Vec<ProjectSummary> = postcard::from_bytes(&body).expect("postcard");

    for accept in ["application/json", "*/*"] {
        let (status, content_type, body) =
            call_accepting(&app, "list_projects", &form, &owner, accept).await;
        assert_eq!(status, StatusCode::OK, "{accept}");
        assert_eq!(content_type, "application/json", "{accept}");
        let from_json: Vec<ProjectSummary> = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(from_json, from_postcard, "{accept}");
    }
    assert_eq!(from_postcard.len(), 1);
    assert_eq!(from_postcard[0].name, "Wombat Works");
}

#[tokio::test]
async fn an_error_is_json_whatever_was_asked_for() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let (status, content_type, body) =
        call_accepting(&app, "create_project", "name=", &owner, POSTCARD).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let error: AppError = serde_json::from_slice(&body).expect("a JSON error");
    assert!(matches!(error, AppError::Invalid { .. }), "{error:?}");
}

#[tokio::test]
async fn a_page_carries_its_data_in_the_modules_codec() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    app.project(&owner, "Wombat Works").await;
    let page = app.get("/orgs/acme/settings/projects", Some(&owner)).await;
    assert_eq!(page.status, StatusCode::OK);
    // The Projects tab's list, among the page's data, decodes to what the page shows.
    let lists: Vec<ProjectPage> = resolved_resources(&page.body)
        .into_iter()
        .filter_map(|value| {
            <PageData as Decoder<(ProjectQuery, Result<ProjectPage, AppError>)>>::decode(value).ok()
        })
        .filter_map(|(_, answer)| answer.ok())
        .collect();
    assert_eq!(lists.len(), 1, "the projects list, once");
    assert_eq!(lists[0].total, 1);
    assert_eq!(lists[0].rows[0].name, "Wombat Works");
    assert!(page.body.contains("Wombat Works"));
}
