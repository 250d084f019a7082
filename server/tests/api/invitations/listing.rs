//! The pending invitations, fifty a page, newest first.

use super::*;

#[tokio::test]
async fn pending_invitations_are_listed_fifty_a_page_newest_first() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let mut csv = String::from("email\n");
    for i in 0..120 {
        csv.push_str(&format!("p{i:03}@x.test\n"));
    }
    let sent = app
        .call_json("bulk_invite", json!({ "csv": csv }), Some(&owner))
        .await;
    assert_eq!(sent.json()["sent"], true);
    invite_one(&app, &owner, "latest@x.test").await;

    let page = |n: &str| {
        let app = &app;
        let owner = owner.clone();
        let n = n.to_string();
        async move {
            let form: Vec<(&str, &str)> = if n.is_empty() {
                vec![]
            } else {
                vec![("page", n.as_str())]
            };
            let reply = app.call("list_invitations", &form, Some(&owner)).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.json()
        }
    };
    let first = page("").await;
    assert_eq!(first["total"], 121);
    assert_eq!(first["page"], 1);
    assert_eq!(first["page_size"], 50);
    let emails = |p: &Value| -> Vec<String> {
        p["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["email"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(emails(&first).len(), 50);
    assert_eq!(emails(&first)[0], "latest@x.test");
    let third = page("3").await;
    assert_eq!(third["page"], 3);
    assert_eq!(emails(&third).len(), 21);
    let mut all = emails(&first);
    all.extend(emails(&page("2").await));
    all.extend(emails(&third));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 121, "every invitation on exactly one page");
    // Past the end: the last page.
    let beyond = page("99").await;
    assert_eq!(beyond["page"], 3);
    assert_eq!(emails(&beyond), emails(&third));
}
