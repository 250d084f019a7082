//! The operator's commands (read from the command line by `cli`) that create an organization,
//! add a person, or seed the demo organization without going through the browser, that export an
//! organization's audit log, deleted or not ([`audit_export`]), and that back up and check the
//! database (`maintenance`).

pub mod audit_export;

pub use audit_export::{AuditFormat, OrgNamed};
use roster_core::auth::password;
use roster_core::store::{directory, orgs, provisioning, seed, Db};
use shared::{validate, OrgRole};

/// The demo organization's password, for everyone in it.
pub const DEMO_PASSWORD: &str = "roster-demo";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    CreateOrg {
        org: String,
        name: String,
        email: String,
        password: String,
    },
    AddUser {
        org: Option<String>,
        name: String,
        email: String,
        role: OrgRole,
        password: String,
    },
    AddTeam {
        org: Option<String>,
        name: String,
    },
    CreateScimToken {
        org: Option<String>,
        name: String,
    },
    SeedDemo,
    SeedScale {
        /// In each organization.
        people: usize,
        organizations: usize,
    },
    ExportAudit {
        org: OrgNamed,
        format: AuditFormat,
        /// Standard output when `None`.
        output: Option<std::path::PathBuf>,
    },
    Backup {
        file: std::path::PathBuf,
    },
    Check,
}

impl Command {
    /// Whether the command examines or copies the database as it is, so that it must be neither
    /// migrated nor created first.
    pub fn examines_the_database(&self) -> bool {
        matches!(self, Command::Backup { .. } | Command::Check)
    }
}

/// Runs an operator's command against `db` and returns what to print.
pub async fn run(db: &Db, command: Command) -> Result<String, String> {
    let fail = |e: shared::AppError| e.to_string();
    match command {
        Command::Serve => Err("serve is not an operator's command".into()),
        Command::CreateOrg {
            org,
            name,
            email,
            password: pw,
        } => {
            let org = validate::name("the organization's name", &org)?;
            let name = validate::name("the Owner's name", &name)?;
            let email = validate::email(&email)?;
            password::check_new(&pw)?;
            let hash = password::hash(&pw).await.map_err(fail)?;
            let created =
                orgs::create_with_owner(db, orgs::Origin::Operator, &org, &name, &email, &hash)
                    .await
                    .map_err(fail)?;
            Ok(format!(
                "Created organization “{org}” (id {}) with Owner {email}.",
                created.org_id
            ))
        }
        Command::AddUser {
            org,
            name,
            email,
            role,
            password: pw,
        } => {
            let name = validate::name("the person's name", &name)?;
            let email = validate::email(&email)?;
            password::check_new(&pw)?;
            let org_id = org_named(db, org).await?;
            let hash = password::hash(&pw).await.map_err(fail)?;
            directory::add_person(db, org_id, &name, &email, &hash, role)
                .await
                .map_err(fail)?;
            Ok(format!("Added {name} <{email}> as {role}."))
        }
        Command::SeedScale {
            people,
            organizations: 1,
        } => {
            let hash = password::hash(DEMO_PASSWORD).await.map_err(fail)?;
            seed::scale(db, people, &hash).await.map_err(fail)?;
            Ok(format!(
                "Created “{}” with {people} people; its Owner is {}.",
                seed::SCALE_ORG,
                seed::SCALE_OWNER
            ))
        }
        Command::SeedScale {
            people,
            organizations,
        } => {
            let hash = password::hash(DEMO_PASSWORD).await.map_err(fail)?;
            seed::scale_several(db, organizations, people, &hash)
                .await
                .map_err(fail)?;
            let (first, first_domain) = seed::scale_org_of_several(1);
            let (last, last_domain) = seed::scale_org_of_several(organizations);
            Ok(format!(
                "Created {organizations} organizations, “{first}” to “{last}”, with {people} people \
                 each; their Owners are owner@{first_domain} to owner@{last_domain}."
            ))
        }
        Command::AddTeam { org, name } => {
            let name = validate::name("the team's name", &name)?;
            let org_id = org_named(db, org).await?;
            directory::add_team(db, org_id, &name).await.map_err(fail)?;
            Ok(format!("Added the team “{name}”."))
        }
        Command::CreateScimToken { org, name } => {
            let org_id = org_named(db, org).await?;
            let created = provisioning::create_token_by_operator(db, org_id, &name)
                .await
                .map_err(fail)?;
            Ok(created.token)
        }
        Command::ExportAudit {
            org,
            format,
            output,
        } => audit_export::export(db, &org, format, output.as_deref()).await,
        Command::Backup { file } => crate::maintenance::backup(db, &file).await,
        Command::Check => crate::maintenance::check(db).await,
        Command::SeedDemo => {
            let hash = password::hash(DEMO_PASSWORD).await.map_err(fail)?;
            seed::demo(db, &hash).await.map_err(fail)?;
            Ok(format!(
                "Created the demo organization “{}”. Sign in as owner@acme.test (or admin@, billing@, member@acme.test) with the password “{DEMO_PASSWORD}”.",
                seed::DEMO_ORG
            ))
        }
    }
}

/// The organization named `org`, or the only one when no name is given.
async fn org_named(db: &Db, org: Option<String>) -> Result<i64, String> {
    let fail = |e: shared::AppError| e.to_string();
    match org {
        Some(org) => orgs::find_by_name(db, &org)
            .await
            .map_err(fail)?
            .ok_or(format!("no organization is named “{org}”")),
        None => match orgs::all_ids(db).await.map_err(fail)?.as_slice() {
            [only] => Ok(*only),
            [] => Err("there is no organization yet; create one first".into()),
            _ => Err("there are several organizations; name one with --org".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn add_team_creates_a_team_once() {
        let dir = tempfile::tempdir().unwrap();
        let config = roster_core::config::Config {
            database_url: format!("sqlite://{}/roster.db", dir.path().display()),
            ..Default::default()
        };
        let db = crate::open_database(&config).await.unwrap();
        let add = || Command::AddTeam {
            org: None,
            name: " Growth ".into(),
        };
        assert!(run(&db, add())
            .await
            .unwrap_err()
            .contains("no organization"));
        orgs::create_with_owner(&db, orgs::Origin::Operator, "Acme", "O", "o@a.test", "x")
            .await
            .unwrap();
        assert_eq!(run(&db, add()).await, Ok("Added the team “Growth”.".into()));
        assert_eq!(
            run(&db, add()).await,
            Err("A team with this name already exists.".into())
        );
        let teams = directory::teams(&db, 1).await.unwrap();
        assert_eq!(teams.len(), 1);
    }
}
