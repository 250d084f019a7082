//! Organizations for measuring, not for looking around: tens of thousands of people in teams and
//! with grants, each organization written in one transaction.

use crate::store::audit_details::{Details, Nothing};
use crate::store::{accounts, begin_write, now, orgs, Backend, Db, Tx};
use shared::{AppError, OrgRole, ProjectRole};

/// The organization the scale benchmark uses.
pub const SCALE_ORG: &str = "Scale Test";
/// Its first Owner.
pub const SCALE_OWNER: &str = "owner@scale.test";

/// One of several scale organizations: its name ("Scale Test 3") and its email domain
/// ("scale3.test", so its Owner is `owner@scale3.test`), for `n` counted from 1.
pub fn scale_org_of_several(n: usize) -> (String, String) {
    (format!("{SCALE_ORG} {n}"), format!("scale{n}.test"))
}

/// Creates an organization of `people` people (Owner `owner@scale.test`) with 100 projects (10 with
/// an all-users default), 200 teams of 3 projects each, every person in one or two teams, and an
/// individual grant for a third of them — in one transaction. For measuring, not for looking around.
pub async fn scale(db: &Db, people: usize, password_hash: &str) -> Result<i64, AppError> {
    scale_org(db, SCALE_ORG, "scale.test", people, password_hash).await
}

/// Creates `organizations` organizations like [`scale`]'s, of `people` people each, named and
/// addressed by [`scale_org_of_several`], each in its own transaction; every person belongs to
/// one of them. Returns their ids, in order.
pub async fn scale_several(
    db: &Db,
    organizations: usize,
    people: usize,
    password_hash: &str,
) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::with_capacity(organizations);
    for n in 1..=organizations {
        let (name, domain) = scale_org_of_several(n);
        ids.push(scale_org(db, &name, &domain, people, password_hash).await?);
    }
    Ok(ids)
}

/// One scale organization named `org_name`, its people's emails at `domain`.
async fn scale_org(
    db: &Db,
    org_name: &str,
    domain: &str,
    people: usize,
    password_hash: &str,
) -> Result<i64, AppError> {
    const PROJECTS: i64 = 100;
    const TEAMS: i64 = 200;
    let roles = [
        ProjectRole::Consumer,
        ProjectRole::Analyst,
        ProjectRole::Admin,
    ];
    let mut tx = begin_write(db).await?;
    // The whole organization is one transaction: room for all its pages keeps SQLite from
    // spilling half-written pages to the log again and again.
    if Backend::of(db) == Backend::Sqlite {
        sqlx::query("PRAGMA cache_size = -524288")
            .execute(&mut *tx)
            .await?;
    }
    // On Postgres the triggers that keep the member lists, team sizes and role counts row by row
    // are off for this transaction, and all of them are computed once at the end: row by row, in
    // one transaction, every team's row would be rewritten hundreds of times (Postgres keeps each
    // version until the end), each list recomputed by a plan made for empty tables.
    let postgres = Backend::of(db) == Backend::Postgres;
    if postgres {
        for table in KEPT_BY_TRIGGERS {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "ALTER TABLE {table} DISABLE TRIGGER USER"
            )))
            .execute(&mut *tx)
            .await?;
        }
    }
    let at = now();
    let org_id = orgs::insert(&mut tx, org_name, None).await?;
    let mut project_ids = Vec::new();
    for p in 0..PROJECTS {
        let all_users = (p % 10 == 0).then_some(ProjectRole::Consumer.as_str());
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO projects (org_id, name, all_users_role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(org_id)
        .bind(format!("Project {p:03}"))
        .bind(all_users)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?
        ;
        project_ids.push(id);
    }
    let mut team_ids = Vec::new();
    for t in 0..TEAMS {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(org_id)
        .bind(format!("Team {t:03}"))
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for k in 0..3 {
            sqlx::query(
                "INSERT INTO team_projects (team_id, project_id, role) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(project_ids[((t * 3 + k) % PROJECTS) as usize])
            .bind(roles[(k % 3) as usize].as_str())
            .execute(&mut *tx)
            .await?;
        }
        team_ids.push(id);
    }
    for i in 0..people {
        let (name, email, role) = if i == 0 {
            (
                "Scale Owner".to_string(),
                format!("owner@{domain}"),
                OrgRole::Owner,
            )
        } else {
            let role = match i % 100 {
                0 => OrgRole::Admin,
                1 => OrgRole::BillingAdmin,
                2 if i < 1000 => OrgRole::Owner,
                _ => OrgRole::Member,
            };
            (
                format!("Person {i:05}"),
                format!("person{i:05}@{domain}"),
                role,
            )
        };
        let account = accounts::insert(&mut tx, &email, &name, password_hash).await?;
        sqlx::query("INSERT INTO memberships (org_id, account_id, org_role, joined_at, last_active_at, name, email) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(org_id)
            .bind(account)
            .bind(role.as_str())
            .bind(at - (i as i64 % 1000) * 3600)
            .bind((i % 4 != 0).then_some(at - (i as i64 % 777) * 60))
            .bind(&name)
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        let teams = if i % 2 == 0 {
            vec![i % 200]
        } else {
            vec![i % 200, (i * 7 + 3) % 200]
        };
        for t in teams {
            sqlx::query("INSERT INTO team_members (team_id, account_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(team_ids[t])
                .bind(account)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        if i % 3 == 0 {
            sqlx::query("INSERT INTO project_grants (project_id, account_id, role, granted_at) VALUES ($1, $2, $3, $4)")
                .bind(project_ids[i % PROJECTS as usize])
                .bind(account)
                .bind(roles[i % 3].as_str())
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
    }
    if postgres {
        refresh_all_at_once(&mut tx, org_id).await?;
    }
    super::record_seed(
        &mut tx,
        org_id,
        format!("{people} people"),
        Details::OrganizationSeedScale(Nothing {}),
    )
    .await?;
    tx.commit().await?;
    if postgres {
        // What autovacuum would do a little later: the rows rewritten at the end leave dead
        // versions behind, and the statistics are those of the tables before the seed.
        sqlx::query(
            "VACUUM (ANALYZE) memberships, member_search, team_members, teams, project_grants",
        )
        .execute(db)
        .await?;
    }
    Ok(org_id)
}

/// The tables whose user triggers keep the member lists, team sizes and role counts (Postgres).
const KEPT_BY_TRIGGERS: [&str; 4] = [
    "memberships",
    "team_members",
    "team_projects",
    "project_grants",
];

/// What the triggers of [`KEPT_BY_TRIGGERS`] would have kept for organization `org_id` (lists,
/// counts, the members' search rows), computed at once; then the triggers are on again (Postgres,
/// inside the seeding transaction).
async fn refresh_all_at_once(tx: &mut Tx, org_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "ANALYZE memberships, team_members, teams, team_projects, project_grants, projects",
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE teams t SET
             member_count = (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = t.id),
             project_count = (SELECT COUNT(*) FROM team_projects tp WHERE tp.team_id = t.id)
         WHERE t.org_id = $1",
    )
    .bind(org_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO org_role_counts (org_id, org_role, members)
         SELECT org_id, org_role, COUNT(*) FROM memberships WHERE org_id = $1
         GROUP BY org_id, org_role
         ON CONFLICT (org_id, org_role) DO UPDATE SET members = excluded.members",
    )
    .bind(org_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "SELECT refresh_member_lists(ARRAY(SELECT account_id FROM memberships WHERE org_id = $1))",
    )
    .bind(org_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO member_search (org_id, account_id, name, email)
         SELECT org_id, account_id, lower(name COLLATE \"und-x-icu\"), lower(email COLLATE \"und-x-icu\")
         FROM memberships WHERE org_id = $1",
    )
    .bind(org_id)
    .execute(&mut **tx)
    .await?;
    for table in KEPT_BY_TRIGGERS {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER TABLE {table} ENABLE TRIGGER USER"
        )))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
