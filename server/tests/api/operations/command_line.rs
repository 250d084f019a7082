//! The real `roster` binary's command line: `--help` for every command exits 0 and says what the
//! command does, `--version` prints the version, `roster serve --help` lists every setting with
//! its flag and environment variable, and a password comes from a file or `ROSTER_PASSWORD`,
//! never the command line.

use crate::live_server::Database;
use roster_core::config::SETTINGS;
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_roster");

fn roster(args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .env_remove("ROSTER_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_for_every_command_exits_zero() {
    let cli = server::cli::command();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    assert!(names.len() >= 9, "{names:?}");
    let top = roster(&["--help"]);
    assert!(top.status.success(), "{}", text(&top.stderr));
    for name in &names {
        assert!(
            text(&top.stdout).contains(name.as_str()),
            "{name} not listed"
        );
        let about = cli
            .find_subcommand(name)
            .and_then(|c| c.get_about())
            .unwrap_or_else(|| panic!("{name} has no help text"))
            .to_string();
        for asked in [vec![name.as_str(), "--help"], vec!["help", name.as_str()]] {
            let out = roster(&asked);
            assert!(
                out.status.success(),
                "{asked:?}: {}{}",
                text(&out.stdout),
                text(&out.stderr)
            );
            assert!(
                text(&out.stdout).contains(&about),
                "{asked:?} does not say what {name} does"
            );
        }
    }
}

#[test]
fn version_prints_the_version() {
    let out = roster(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim(),
        format!("roster {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn serve_help_lists_every_setting_with_its_flag_and_variable() {
    let out = roster(&["serve", "--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for setting in SETTINGS {
        assert!(
            help.contains(&format!("--{}", setting.flag)),
            "--{} missing",
            setting.flag
        );
        assert!(
            help.contains(&format!("[env: {}", setting.env)),
            "{} missing",
            setting.env
        );
    }
}

#[tokio::test]
async fn a_password_comes_from_a_file_or_the_environment_never_the_command_line() {
    let db = Database::demo();
    let url = db.url();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("password");
    std::fs::write(&file, "long enough password\n").unwrap();
    let add = |email: &str| {
        vec![
            "add-user".to_string(),
            "--email".into(),
            email.into(),
            "--name".into(),
            "Ann".into(),
            "--role".into(),
            "member".into(),
            "--database-url".into(),
            url.clone(),
        ]
    };

    let mut on_the_line = add("line@acme.test");
    on_the_line.extend(["--password".into(), "long enough password".into()]);
    let out = Command::new(BINARY)
        .args(&on_the_line)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--password"),
        "{}",
        text(&out.stderr)
    );

    let out = Command::new(BINARY)
        .args(add("nothing@acme.test"))
        .env_remove("ROSTER_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--password-file"),
        "{}",
        text(&out.stderr)
    );

    let mut from_file = add("file@acme.test");
    from_file.extend(["--password-file".into(), file.display().to_string()]);
    let out = Command::new(BINARY)
        .args(&from_file)
        .env_remove("ROSTER_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = Command::new(BINARY)
        .args(add("env@acme.test"))
        .env("ROSTER_PASSWORD", "another long password")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));

    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM accounts WHERE email IN ('file@acme.test', 'env@acme.test')"
        )
        .await,
        2
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM accounts WHERE email IN ('line@acme.test', 'nothing@acme.test')"
        )
        .await,
        0
    );
}

#[test]
fn export_audit_writes_the_log_to_standard_output_as_it_is() {
    let db = Database::demo();
    let url = db.url();
    let out = roster(&[
        "export-audit",
        "--org",
        "acme-analytics",
        "--database-url",
        &url,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    assert!(
        csv.starts_with("when,who,what,target,details,kind\r\n"),
        "{csv}"
    );
    assert!(
        csv.ends_with("\r\n") && !csv.ends_with("\n\n"),
        "no line added"
    );
    assert!(csv.lines().count() > 1, "{csv}");

    let nothing = roster(&["export-audit", "--org", "Globex", "--database-url", &url]);
    assert_eq!(nothing.status.code(), Some(1));
    assert!(text(&nothing.stdout).is_empty());
    assert!(
        text(&nothing.stderr).contains("no organization is named “Globex”"),
        "{}",
        text(&nothing.stderr)
    );
}
