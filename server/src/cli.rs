//! The command line, by clap: `roster [COMMAND]`, a help text per command, `--version`, and
//! every setting of `roster serve` as a flag and as its environment variable, both built from the
//! one table of settings (`roster_core::config::SETTINGS`). Turns what was typed into a
//! [`Command`] and the settings' values; passwords come from a file, `ROSTER_PASSWORD` or a
//! prompt without echo, never from the command line.

use crate::commands::{AuditFormat, Command, OrgNamed};
use clap::{Arg, ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use roster_core::config::{DATABASE_SETTINGS, SETTINGS};
use shared::OrgRole;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "roster",
    version,
    about = "Roster: provisioning accounts in organizations. With no command, serves.",
    after_help = "Every setting of `roster serve` is listed by `roster serve --help`; each is a flag or \
                  its environment variable (the flag wins)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Commands>,
}

/// The commands. Their doc comments are their help texts.
#[derive(Debug, Subcommand)]
enum Commands {
    /// Serve Roster (the default when no command is given).
    Serve,
    /// Create an organization and its first Owner.
    #[command(after_help = PASSWORD_HELP)]
    CreateOrg {
        /// The organization's name.
        #[arg(long, value_name = "NAME")]
        org: String,
        /// The Owner's name.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The Owner's email address.
        #[arg(long, value_name = "EMAIL")]
        email: String,
        /// Read the Owner's password from FILE (its first line; `-` reads standard input).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Add a person to an organization (the only one, or the one named).
    #[command(after_help = PASSWORD_HELP)]
    AddUser {
        /// The person's email address.
        #[arg(long, value_name = "EMAIL")]
        email: String,
        /// The person's name.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The organization role: owner, admin, billing_admin or member.
        #[arg(long, value_name = "ROLE", value_parser = parse_role)]
        role: OrgRole,
        /// The organization, by name (needed when there are several).
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
        /// Read the person's password from FILE (its first line; `-` reads standard input).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Add an empty team to an organization (the only one, or the one named).
    AddTeam {
        /// The team's name.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The organization, by name (needed when there are several).
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
    },
    /// Create a SCIM token for an organization's identity provider and print it (the only time
    /// it is shown).
    CreateScimToken {
        /// What the token is for, as the Provisioning tab and the audit log show it.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The organization, by name (needed when there are several).
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
    },
    /// Create the demo organization "Acme Analytics" (password: roster-demo).
    SeedDemo,
    /// Create the organization "Scale Test" for benchmarks; its Owner is owner@scale.test
    /// (password: roster-demo).
    #[command(
        after_help = "With --organizations N (more than one), creates \"Scale Test 1\" to \
\"Scale Test N\" instead, each of --people people, its Owner owner@scale1.test, owner@scale2.test, \
and so on; everyone belongs to one of them."
    )]
    SeedScale {
        /// How many people (in each organization).
        #[arg(long, value_name = "N", default_value_t = 50_000,
              value_parser = clap::value_parser!(u64).range(1..))]
        people: u64,
        /// How many organizations.
        #[arg(long, value_name = "N", default_value_t = 1,
              value_parser = clap::value_parser!(u64).range(1..=1000))]
        organizations: u64,
    },
    /// Export an organization's whole audit log, newest first, as the Audit log tab's download
    /// does; also that of an organization deleted in the last 30 days.
    #[command(
        after_help = "A deleted organization is found by its name or by the address it had. \
When several organizations match --org (names are not unique, and a deleted organization's \
address may be another's now), they are listed with their ids: name one with --org-id."
    )]
    ExportAudit {
        /// The organization, by name or address (slug).
        #[arg(
            long,
            value_name = "NAME|SLUG",
            required_unless_present = "org_id",
            conflicts_with = "org_id"
        )]
        org: Option<String>,
        /// The organization, by id (as listed when --org matches several).
        #[arg(long, value_name = "ID")]
        org_id: Option<i64>,
        /// csv (the tab's download) or json (an array with one object a line, keyed like the
        /// CSV's columns).
        #[arg(long, value_name = "FORMAT", value_enum, default_value_t = AuditFormat::Csv)]
        format: AuditFormat,
        /// Write to FILE, a new file readable by its owner only, instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Copy the database to FILE while the server may be running (consistent and compacted).
    Backup {
        /// The copy to write; it must not exist yet (its folder is created).
        file: PathBuf,
    },
    /// Check the database: SQLite's integrity and foreign-key checks, and its migrations against
    /// this binary's. Exits 1 on any problem.
    Check,
}

const PASSWORD_HELP: &str = "The password is read from --password-file, else from the \
ROSTER_PASSWORD environment variable, else asked for (twice, without echo) when run in a terminal.";

fn parse_role(text: &str) -> Result<OrgRole, String> {
    text.parse::<OrgRole>().map_err(|e| e.to_string())
}

/// The whole command line: the derived commands, with the settings added to `serve` (all of
/// them) and to every other command that opens the database (`--database-url`).
pub fn command() -> clap::Command {
    let mut cli = Cli::command();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let keys: Vec<&str> = if name == "serve" {
            SETTINGS.iter().map(|s| s.env).collect()
        } else {
            DATABASE_SETTINGS.to_vec()
        };
        cli = cli.mut_subcommand(&name, |sub| {
            sub.args(keys.iter().map(|key| setting_arg(key)))
        });
    }
    cli
}

fn setting_arg(key: &str) -> Arg {
    let setting = SETTINGS
        .iter()
        .find(|s| s.env == key)
        .expect("every setting offered is in the table");
    Arg::new(setting.env)
        .long(setting.flag)
        .env(setting.env)
        .value_name(setting.value)
        .help(setting.help)
        .help_heading("Settings")
}

/// What to do, and where each setting's value comes from.
#[derive(Debug)]
pub struct Invocation {
    pub command: Command,
    matches: Option<ArgMatches>,
}

impl Invocation {
    /// The value of the setting named by its environment variable: the flag, or the variable.
    pub fn setting(&self, key: &str) -> Option<String> {
        let from_flag = self.matches.as_ref().and_then(|m| {
            m.try_get_one::<String>(key)
                .ok()
                .flatten()
                .map(String::to_string)
        });
        from_flag.or_else(|| std::env::var(key).ok())
    }
}

/// Reads the command line of this process. `--help`, `--version` and mistakes print and exit
/// here (0 for help and version, 2 for a mistake), as clap does.
pub fn from_args() -> Result<Invocation, String> {
    let matches = command().get_matches();
    from_matches(matches)
}

/// Like [`from_args`], for a given command line (the program's name first); a mistake, `--help`
/// or `--version` is an error carrying what clap would print.
pub fn parse<I, T>(args: I) -> Result<Invocation, String>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command()
        .try_get_matches_from(args)
        .map_err(|e| e.to_string())?;
    from_matches(matches)
}

fn from_matches(matches: ArgMatches) -> Result<Invocation, String> {
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.to_string())?;
    let sub = matches.subcommand().map(|(_, m)| m.clone());
    let command = match cli.command {
        None | Some(Commands::Serve) => Command::Serve,
        Some(Commands::CreateOrg {
            org,
            name,
            email,
            password_file,
        }) => {
            let password = password(password_file.as_deref(), &email)?;
            Command::CreateOrg {
                org,
                name,
                email,
                password,
            }
        }
        Some(Commands::AddUser {
            email,
            name,
            role,
            org,
            password_file,
        }) => {
            let password = password(password_file.as_deref(), &email)?;
            Command::AddUser {
                org,
                name,
                email,
                role,
                password,
            }
        }
        Some(Commands::AddTeam { name, org }) => Command::AddTeam { org, name },
        Some(Commands::CreateScimToken { name, org }) => Command::CreateScimToken { org, name },
        Some(Commands::SeedDemo) => Command::SeedDemo,
        Some(Commands::SeedScale {
            people,
            organizations,
        }) => Command::SeedScale {
            people: people as usize,
            organizations: organizations as usize,
        },
        Some(Commands::ExportAudit {
            org,
            org_id,
            format,
            output,
        }) => Command::ExportAudit {
            org: match (org, org_id) {
                (_, Some(id)) => OrgNamed::Id(id),
                (Some(text), None) => OrgNamed::NameOrSlug(text),
                (None, None) => return Err("name the organization with --org or --org-id".into()),
            },
            format,
            output,
        },
        Some(Commands::Backup { file }) => Command::Backup { file },
        Some(Commands::Check) => Command::Check,
    };
    Ok(Invocation {
        command,
        matches: sub,
    })
}

/// The password for `email`'s account: the first line of `file` (`-`: standard input), else
/// `ROSTER_PASSWORD`, else asked for twice without echo when standard input is a terminal.
fn password(file: Option<&Path>, email: &str) -> Result<String, String> {
    if let Some(file) = file {
        let text = if file == Path::new("-") {
            std::io::read_to_string(std::io::stdin())
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?
        } else {
            std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read the password file {}: {e}", file.display()))?
        };
        return Ok(first_line(&text));
    }
    if let Some(password) = std::env::var("ROSTER_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(
            "no password: give --password-file FILE, set ROSTER_PASSWORD, or run in a terminal \
             to be asked"
                .into(),
        );
    }
    let first = rpassword::prompt_password(format!("Password for {email}: "))
        .map_err(|e| format!("cannot read the password: {e}"))?;
    let again = rpassword::prompt_password("The same password again: ")
        .map_err(|e| format!("cannot read the password: {e}"))?;
    if first != again {
        return Err("the two passwords differ".into());
    }
    Ok(first)
}

/// The first line of `text`, without its line ending.
fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Result<Command, String> {
        parse(std::iter::once("roster").chain(line.split_whitespace())).map(|i| i.command)
    }

    #[test]
    fn the_commands_are_read() {
        assert_eq!(parsed(""), Ok(Command::Serve));
        assert_eq!(parsed("serve"), Ok(Command::Serve));
        assert_eq!(
            parsed("add-team --name Growth"),
            Ok(Command::AddTeam {
                org: None,
                name: "Growth".into()
            })
        );
        assert!(parsed("add-team").unwrap_err().contains("--name"));
        assert!(parsed("add-user --email a@b.co --name A --role boss")
            .unwrap_err()
            .contains("role"));
        assert!(parsed("seed-demo --fast yes").is_err());
        assert!(parsed("launch").is_err());
        assert_eq!(
            parsed("backup backups/roster.db"),
            Ok(Command::Backup {
                file: "backups/roster.db".into()
            })
        );
        assert!(parsed("backup").is_err());
        assert!(parsed("backup a.db b.db").is_err());
        assert_eq!(parsed("check"), Ok(Command::Check));
        assert_eq!(
            parsed("seed-scale --people 20"),
            Ok(Command::SeedScale {
                people: 20,
                organizations: 1
            })
        );
        assert_eq!(
            parsed("seed-scale --organizations 10 --people 5000"),
            Ok(Command::SeedScale {
                people: 5000,
                organizations: 10
            })
        );
        assert!(parsed("seed-scale --people 0").is_err());
        assert!(parsed("seed-scale --organizations 0").is_err());
        assert_eq!(
            parsed("export-audit --org acme"),
            Ok(Command::ExportAudit {
                org: OrgNamed::NameOrSlug("acme".into()),
                format: AuditFormat::Csv,
                output: None
            })
        );
        assert_eq!(
            parsed("export-audit --org-id 7 --format json --output acme.json"),
            Ok(Command::ExportAudit {
                org: OrgNamed::Id(7),
                format: AuditFormat::Json,
                output: Some("acme.json".into())
            })
        );
        assert!(parsed("export-audit").unwrap_err().contains("--org"));
        assert!(parsed("export-audit --org acme --org-id 7").is_err());
        assert!(parsed("export-audit --org acme --format xml").is_err());
    }

    #[test]
    fn a_password_on_the_command_line_is_refused() {
        let refused = parsed("add-user --email a@b.co --name A --role member --password secret");
        assert!(refused.unwrap_err().contains("--password"));
    }

    #[test]
    fn a_password_file_gives_its_first_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "correct horse battery\r\nignored\n").unwrap();
        let command = parsed(&format!(
            "add-user --email a@b.co --name Ann --role member --password-file {}",
            file.display()
        ));
        assert_eq!(
            command,
            Ok(Command::AddUser {
                org: None,
                name: "Ann".into(),
                email: "a@b.co".into(),
                role: OrgRole::Member,
                password: "correct horse battery".into()
            })
        );
    }

    #[test]
    fn settings_come_from_flags() {
        let invocation = parse([
            "roster",
            "serve",
            "--smtp-url",
            "smtp://mail:25",
            "--shutdown-seconds",
            "5",
        ])
        .unwrap();
        assert_eq!(
            invocation.setting("ROSTER_SMTP_URL").as_deref(),
            Some("smtp://mail:25")
        );
        assert_eq!(
            invocation.setting("ROSTER_SHUTDOWN_SECONDS").as_deref(),
            Some("5")
        );
        let check = parse(["roster", "check", "--database-url", "sqlite://x.db"]).unwrap();
        assert_eq!(
            check.setting("DATABASE_URL").as_deref(),
            Some("sqlite://x.db")
        );
    }

    #[test]
    fn every_setting_is_a_flag_of_serve_and_the_table_is_consistent() {
        command().debug_assert();
        let cli = command();
        let serve = cli.find_subcommand("serve").unwrap();
        for setting in SETTINGS {
            let arg = serve
                .get_arguments()
                .find(|a| a.get_id() == setting.env)
                .unwrap_or_else(|| panic!("{} is not a flag of serve", setting.env));
            assert_eq!(arg.get_long(), Some(setting.flag));
        }
    }
}
