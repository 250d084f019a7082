//! The command line: serve (the default), and the operator's commands that create an organization,
//! add a person, or seed the demo organization without going through the browser, and that back up
//! and check the database (`maintenance`).

use roster_core::auth::password;
use roster_core::store::{directory, orgs, provisioning, seed, Db};
use shared::{validate, OrgRole};

pub const USAGE: &str = "\
Usage: roster [COMMAND]

Commands:
  serve        Serve Roster (the default). Address: LEPTOS_SITE_ADDR; database: DATABASE_URL.
  create-org   --org NAME --name NAME --email EMAIL [--password PASSWORD]
               Create an organization and its first Owner.
  add-user     --email EMAIL --name NAME --role owner|admin|billing_admin|member
               [--org NAME] [--password PASSWORD]
               Add a person to an organization (the only one, or the one named).
  add-team     --name NAME [--org NAME]
               Add an empty team to an organization (the only one, or the one named).
  create-scim-token  --name NAME [--org NAME]
               Create a SCIM token for an organization's identity provider and print it (the
               only time it is shown).
  seed-demo    Create the demo organization \"Acme Analytics\" (password: roster-demo).
  seed-scale   [--people N]  Create the organization \"Scale Test\" with N people (default
               50000) for benchmarks; its Owner is owner@scale.test (password: roster-demo).
  backup FILE  Copy the database to FILE (which must not exist; its folder is created) while
               the server may be running; the copy is consistent and compacted.
  check        Check the database: SQLite's integrity and foreign-key checks, and its migrations
               against this binary's. Exits non-zero on any problem.
  help         Show this text.

The password may also come from the ROSTER_PASSWORD environment variable.";

/// The demo organization's password, for everyone in it.
pub const DEMO_PASSWORD: &str = "roster-demo";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Help,
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
        people: usize,
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

/// Parses the arguments after the program name. `env_password` is `ROSTER_PASSWORD`.
pub fn parse(args: &[String], env_password: Option<String>) -> Result<Command, String> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Serve);
    };
    if command == "backup" {
        return match rest {
            [file] if !file.starts_with("--") => Ok(Command::Backup { file: file.into() }),
            _ => Err("backup needs one argument: the file to write".into()),
        };
    }
    let mut flags = std::collections::HashMap::new();
    let mut iter = rest.iter();
    while let Some(flag) = iter.next() {
        let key = flag
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected argument “{flag}”"))?;
        let value = iter
            .next()
            .ok_or_else(|| format!("--{key} needs a value"))?;
        flags.insert(key.to_string(), value.clone());
    }
    let mut take = |key: &str| flags.remove(key);
    let required =
        |value: Option<String>, key: &str| value.ok_or_else(|| format!("--{key} is required"));
    let command = match command.as_str() {
        "serve" => Command::Serve,
        "help" | "--help" | "-h" => Command::Help,
        "seed-demo" => Command::SeedDemo,
        "check" => Command::Check,
        "seed-scale" => Command::SeedScale {
            people: match take("people") {
                Some(n) => n
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or("--people must be a positive number")?,
                None => 50_000,
            },
        },
        "create-org" => Command::CreateOrg {
            org: required(take("org"), "org")?,
            name: required(take("name"), "name")?,
            email: required(take("email"), "email")?,
            password: required(take("password").or(env_password), "password")?,
        },
        "add-user" => Command::AddUser {
            org: take("org"),
            name: required(take("name"), "name")?,
            email: required(take("email"), "email")?,
            role: required(take("role"), "role")?
                .parse()
                .map_err(|e| format!("--role: {e}"))?,
            password: required(take("password").or(env_password), "password")?,
        },
        "add-team" => Command::AddTeam {
            org: take("org"),
            name: required(take("name"), "name")?,
        },
        "create-scim-token" => Command::CreateScimToken {
            org: take("org"),
            name: required(take("name"), "name")?,
        },
        other => return Err(format!("unknown command “{other}”")),
    };
    if let Some(extra) = flags.keys().next() {
        return Err(format!("unknown option --{extra}"));
    }
    Ok(command)
}

/// Runs an operator's command against `db` and returns what to print.
pub async fn run(db: &Db, command: Command) -> Result<String, String> {
    let fail = |e: shared::AppError| e.to_string();
    match command {
        Command::Serve | Command::Help => Ok(USAGE.to_string()),
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
        Command::SeedScale { people } => {
            let hash = password::hash(DEMO_PASSWORD).await.map_err(fail)?;
            seed::scale(db, people, &hash).await.map_err(fail)?;
            Ok(format!(
                "Created “{}” with {people} people; its Owner is {}.",
                seed::SCALE_ORG,
                seed::SCALE_OWNER
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

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_the_commands() {
        assert_eq!(parse(&[], None), Ok(Command::Serve));
        assert_eq!(
            parse(
                &args("add-user --email a@b.co --name Ann --role member"),
                Some("pw123456".into())
            ),
            Ok(Command::AddUser {
                org: None,
                name: "Ann".into(),
                email: "a@b.co".into(),
                role: OrgRole::Member,
                password: "pw123456".into()
            })
        );
        assert!(parse(
            &args("create-org --org Acme --name Ann --email a@b.co"),
            None
        )
        .unwrap_err()
        .contains("--password"));
        assert!(parse(
            &args("add-user --email a@b.co --name A --role boss --password x"),
            None
        )
        .unwrap_err()
        .contains("role"));
        assert!(parse(&args("seed-demo --fast yes"), None)
            .unwrap_err()
            .contains("--fast"));
        assert!(parse(&args("launch"), None).is_err());
        assert_eq!(
            parse(&args("add-team --name Growth"), None),
            Ok(Command::AddTeam {
                org: None,
                name: "Growth".into()
            })
        );
        assert!(parse(&args("add-team"), None)
            .unwrap_err()
            .contains("--name"));
        assert_eq!(
            parse(&args("backup backups/roster.db"), None),
            Ok(Command::Backup {
                file: "backups/roster.db".into()
            })
        );
        assert!(parse(&args("backup"), None).is_err());
        assert!(parse(&args("backup a.db b.db"), None).is_err());
        assert_eq!(parse(&args("check"), None), Ok(Command::Check));
        assert!(parse(&args("check --fix yes"), None).is_err());
    }

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
