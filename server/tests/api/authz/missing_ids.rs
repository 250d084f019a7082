//! Ids of things that do not exist, given to every function that takes ids: not found, and
//! nothing written.

use super::*;

/// A form value that is an id, or a list of ids as the Create Team flow's address writes them
/// (`3,7`, `12:analyst,15:owner`), with every fixture id moved by `gone`.
fn missing_in_list(value: &str, ids: &[i64], gone: i64) -> String {
    let moved = |id: &str| match id.parse::<i64>() {
        Ok(n) if ids.contains(&n) => (gone + n).to_string(),
        _ => id.to_string(),
    };
    value
        .split(',')
        .map(|part| match part.split_once(':') {
            Some((id, role)) => format!("{}:{role}", moved(id)),
            None => moved(part),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Replaces every fixture id in `body` by one that does not exist.
fn with_missing_ids(body: &Body, ids: &[i64]) -> Body {
    const GONE: i64 = 987_654_321;
    fn walk(value: &mut Value, ids: &[i64]) {
        match value {
            Value::Number(n) if n.as_i64().is_some_and(|n| ids.contains(&n)) => {
                *value = json!(GONE + n.as_i64().unwrap());
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, ids)),
            Value::Object(fields) => fields.values_mut().for_each(|v| walk(v, ids)),
            _ => {}
        }
    }
    match body {
        Body::Form(pairs) => Body::Form(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), missing_in_list(v, ids, GONE)))
                .collect(),
        ),
        Body::Json(value) => {
            let mut value = value.clone();
            walk(&mut value, ids);
            Body::Json(value)
        }
    }
}

#[tokio::test]
async fn ids_that_do_not_exist_are_not_found_for_every_function_that_takes_ids() {
    let world = World::new().await;
    let owner = Who::Role(OrgRole::Owner);
    let (mut problems, mut secrets, mut checked) = (Vec::new(), Vec::new(), 0);
    for name in registered() {
        let fx = Fx::new(&world.app, &world.acme).await;
        let Some(cases) = cases(&name, &fx).await else {
            continue; // the registry test names it
        };
        let ids = fx.ids.lock().unwrap().clone();
        for case in cases {
            let Some(missing) = case.ids else { continue };
            let case = Case {
                body: with_missing_ids(&case.body, &ids),
                ..case
            };
            let expected = match missing {
                Missing::NotFound => Expect::Refused(StatusCode::NOT_FOUND),
                Missing::RowError => Expect::RowErrors,
                Missing::FieldError => Expect::Refused(StatusCode::UNPROCESSABLE_ENTITY),
            };
            checked += 1;
            problems.extend(check(&world, &name, &case, owner, expected, &mut secrets).await);
        }
    }
    assert!(checked >= 20, "only {checked} cases take ids");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
