//! A message is delivered by one delivery at a time, whichever process runs it.

use super::org_with_owner;
use crate::store::testing::fresh_db;
use crate::store::{now, outbox, Db};

async fn queued_message(db: &Db) -> i64 {
    let org = org_with_owner(db, "Acme", "owner@acme.test").await;
    let mut conn = db.acquire().await.unwrap();
    outbox::queue(
        &mut conn,
        org.org_id,
        None,
        "ann@acme.test",
        "Join",
        "body",
        "message",
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_claimed_message_is_not_claimed_or_swept_again_until_its_claim_ends() {
    let db = fresh_db().await;
    let id = queued_message(&db).await;
    assert_eq!(outbox::due(&db).await.unwrap().len(), 1);
    assert_eq!(
        outbox::claim(&db, id, "101-0a", 300).await.unwrap(),
        Some(0)
    );
    // Another delivery (here, or in another process) gets nothing while the claim holds.
    assert_eq!(outbox::claim(&db, id, "101-0a", 300).await.unwrap(), None);
    assert!(
        outbox::due(&db).await.unwrap().is_empty(),
        "a sweep skips it"
    );
    assert!(outbox::next_due(&db).await.unwrap().unwrap() >= now() + 299);

    // A passing failure ends the claim: the message waits for its back-off, then is claimed again.
    outbox::retry_later(&db, id, "try later", 0).await.unwrap();
    assert_eq!(
        outbox::claim(&db, id, "101-0a", 300).await.unwrap(),
        Some(1)
    );

    // The claim of a delivery whose process died runs out, and another delivery takes it.
    sqlx::query("UPDATE outbox SET claimed_until = $1 WHERE id = $2")
        .bind(now() - 1)
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(outbox::due(&db).await.unwrap().len(), 1);
    assert_eq!(
        outbox::claim(&db, id, "101-0a", 300).await.unwrap(),
        Some(1)
    );

    // A process that stops releases its claims: the next sweep takes the message at once.
    assert!(outbox::due(&db).await.unwrap().is_empty());
    assert_eq!(
        outbox::release(&db, "202-0b").await.unwrap(),
        0,
        "not its claim"
    );
    assert_eq!(outbox::release(&db, "101-0a").await.unwrap(), 1);
    assert_eq!(outbox::due(&db).await.unwrap().len(), 1);
    assert_eq!(
        outbox::claim(&db, id, "202-0b", 300).await.unwrap(),
        Some(1)
    );

    // Once it is sent, nobody claims it.
    outbox::mark(&db, id, outbox::Status::Sent, None)
        .await
        .unwrap();
    assert_eq!(outbox::claim(&db, id, "101-0a", 300).await.unwrap(), None);
}

#[tokio::test]
async fn of_many_concurrent_claims_on_one_message_exactly_one_wins() {
    let db = fresh_db().await;
    let id = queued_message(&db).await;
    let claims = (0..16).map(|i| {
        let db = db.clone();
        let holder = format!("{}-0a", 100 + i);
        tokio::spawn(async move { outbox::claim(&db, id, &holder, 300).await.unwrap() })
    });
    let mut won = 0;
    for claim in claims {
        won += usize::from(claim.await.unwrap().is_some());
    }
    assert_eq!(won, 1);
}
