//! Bulk invitations: a file is previewed, then written all or nothing; the limits on rows, on
//! the projects and teams one cell names, and on the people one request invites.

use super::*;

#[tokio::test]
async fn a_bulk_file_is_previewed_and_written_all_or_nothing() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    app.project(&owner, "Web App").await;
    team(&app, org.id, "Growth").await;

    let bad = "\u{feff}email,org_role,projects,project_role,teams\r\n\
               ada@x.test,Member,\"Web App\",Analyst,Growth\r\n\
               bob@x.test,admin,Nowhere,Consumer,\r\n\
               ada@x.test,member,,,\r\n\
               cy@x.test,member,,,Ghosts\r\n";
    let preview = app
        .call_json("preview_bulk_invite", json!({ "csv": bad }), Some(&owner))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        row_errors(&preview),
        [
            None,
            Some("There is no project “Nowhere”.".into()),
            Some("Duplicate of row 1.".into()),
            Some("There is no team “Ghosts”.".into()),
        ]
    );
    let refused = app
        .call_json("bulk_invite", json!({ "csv": bad }), Some(&owner))
        .await;
    assert_eq!(refused.json()["sent"], false);
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);

    let good = "email,org_role,projects,project_role,teams\nada@x.test,Member,web app,Analyst,growth\nbob@x.test,admin,,,\n";
    let sent = app
        .call_json("bulk_invite", json!({ "csv": good }), Some(&owner))
        .await;
    assert_eq!(sent.json()["sent"], true, "{}", sent.body);
    assert_eq!(pending(&app).await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitation_projects").await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM invitation_teams").await, 1);
}

#[tokio::test]
async fn a_thousand_rows_with_one_bad_write_nothing_and_more_are_refused() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let mut csv = String::from("email,org_role\n");
    for i in 0..1000 {
        csv.push_str(&if i == 737 {
            "broken-address,member\n".to_string()
        } else {
            format!("p{i}@x.test,member\n")
        });
    }
    let one_bad = app
        .call_json("bulk_invite", json!({ "csv": csv }), Some(&owner))
        .await;
    assert_eq!(one_bad.json()["sent"], false);
    let errors: Vec<_> = row_errors(&one_bad)
        .into_iter()
        .enumerate()
        .filter(|(_, e)| e.is_some())
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, 737);
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);

    let fixed = csv.replace("broken-address,", "p737@x.test,");
    let all = app
        .call_json("bulk_invite", json!({ "csv": fixed }), Some(&owner))
        .await;
    assert_eq!(all.json()["sent"], true);
    assert_eq!(pending(&app).await, 1000);

    let too_many = format!("{fixed}one-more@x.test,member\n");
    let refused = app
        .call_json(
            "preview_bulk_invite",
            json!({ "csv": too_many }),
            Some(&owner),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json(),
        json!({ "Invalid": { "field": "csv", "message": "A file can hold at most 1,000 invitations; this one has 1,001. Split it and upload the parts one by one." } })
    );
}

#[tokio::test]
async fn a_cell_naming_too_many_projects_or_teams_is_a_row_error_counted_not_compared() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    app.project(&owner, "Web").await;
    team(&app, org.id, "Growth").await;
    // One project named 5,000 times, and 120,000 different team names: both past the cap of
    // 1,000 names a cell, refused after counting, before any name is compared with another.
    let repeated = vec!["Web"; 5000].join(";");
    let distinct: Vec<String> = (0..120_000).map(|i| format!("t{i}")).collect();
    let csv = format!(
        "email,projects,project_role,teams\n\
         a@x.test,\"{repeated}\",Analyst,\n\
         b@x.test,,,\"{}\"\n\
         c@x.test,\"{}\",Analyst,\"{}\"\n",
        distinct.join(";"),
        vec!["web"; 1000].join(";"),
        vec!["Growth"; 1000].join(";"),
    );
    assert!(csv.len() < 4 * 1024 * 1024);
    for name in ["preview_bulk_invite", "bulk_invite"] {
        let reply = app
            .call_json(name, json!({ "csv": &csv }), Some(&owner))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{name}: {}",
            &reply.body[..200]
        );
        assert_eq!(
            row_errors(&reply),
            [
                Some("A row can name at most 1,000 projects; this one names 5,000.".into()),
                Some("A row can name at most 1,000 teams; this one names 120,000.".into()),
                None,
            ],
            "{name}"
        );
        // The preview does not send a huge cell back whole.
        let teams = reply.json()["rows"][1]["teams"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(teams.len() < 400, "{name}: {} characters", teams.len());
        assert!(teams.ends_with("(848,889 characters)"), "{teams}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
}

#[tokio::test]
async fn one_request_invites_at_most_a_thousand_people() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let emails: Vec<String> = (0..1001).map(|i| format!("p{i}@x.test")).collect();
    let all: Vec<&str> = emails.iter().map(String::as_str).collect();
    let web = app.project(&owner, "Web").await;
    let refused = invite(
        &app,
        Some(&owner),
        request(&all, "member", &[web], Some("consumer"), &[]),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(
        refused.json(),
        json!({ "Invalid": { "field": "email", "message": "Invite at most 1,000 people at once; this request has 1,001. For more, use Bulk Invite with several files." } })
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);

    // A thousand is allowed: each row is checked (here one repeats, so nothing is written).
    let mut thousand = all[..999].to_vec();
    thousand.push("P0@x.test");
    let checked = invite(
        &app,
        Some(&owner),
        request(&thousand, "member", &[web], Some("consumer"), &[]),
    )
    .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", &checked.body[..200]);
    assert_eq!(checked.json()["rows"].as_array().unwrap().len(), 1000);
    assert_eq!(
        row_errors(&checked)[999],
        Some("Duplicate of row 1.".into())
    );

    // Project and team ids repeated or past the cap.
    let many = vec![web; 1001];
    let too_many = invite(
        &app,
        Some(&owner),
        request(&["q@x.test"], "member", &many, Some("analyst"), &[]),
    )
    .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_many.json()["Invalid"]["field"], "projects");
    let repeated = invite(
        &app,
        Some(&owner),
        request(&["q@x.test"], "member", &many[..1000], Some("analyst"), &[]),
    )
    .await;
    assert_eq!(repeated.json()["sent"], true, "{}", repeated.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitation_projects").await,
        1
    );
}
