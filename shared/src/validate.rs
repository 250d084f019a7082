//! Input validation shared by the forms (to answer as people type) and the server (to refuse what
//! the forms did not catch). Each check returns the cleaned value or a message for the field.

use crate::text::{lowercase, nfc};

/// The longest email address SMTP allows.
pub const EMAIL_MAX: usize = 254;
/// Passwords: at least this long, no composition rules.
pub const PASSWORD_MIN: usize = 8;
/// Passwords: at most this long (in characters), so hashing cost stays bounded.
pub const PASSWORD_MAX: usize = 128;
/// Names of organizations, people, projects and teams.
pub const NAME_MAX: usize = 100;

/// Checks an email address and returns it trimmed, lower-cased and in Unicode NFC, so that one
/// address has one spelling. The rule is RFC 5321's dot-atom, widened as RFC 6531 (SMTPUTF8)
/// widens it: the local part may hold any character beyond ASCII that is neither a control, white
/// space nor invisible (`josé@example.es`), and the domain's labels may be internationalised
/// (U-labels such as `пример.рф`, or their A-labels, `example.xn--p1ai`). The browser and the
/// server both call this one function.
pub fn email(input: &str) -> Result<String, String> {
    let email = nfc(&lowercase(input.trim()));
    if email.is_empty() {
        return Err("Enter an email address.".into());
    }
    if email.len() > EMAIL_MAX {
        return Err(format!(
            "An email address has at most {EMAIL_MAX} characters."
        ));
    }
    let invalid = || Err(format!("“{}” is not a valid email address.", input.trim()));
    let Some((local, domain)) = email.split_once('@') else {
        return invalid();
    };
    if !valid_local_part(local) || !valid_domain(domain) {
        return invalid();
    }
    Ok(email)
}

/// A character beyond ASCII that an address may hold (RFC 6531's UTF8-non-ascii, less what
/// cannot be seen or separates words).
fn international(c: char) -> bool {
    !c.is_ascii() && !c.is_control() && !c.is_whitespace() && !hidden_character(c)
}

fn valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~.";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c) || international(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| {
                c.is_ascii_alphanumeric() || c == '-' || (international(c) && !full_stop(c))
            })
    };
    // The top-level label is letters (in any script), or an A-label (`xn--p1ai` for `рф`).
    let top_level_ok = |tld: &&str| {
        let letters = tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic);
        let a_label = tld.len() > 4
            && tld.starts_with("xn--")
            && tld[4..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        letters || a_label
    };
    labels.len() >= 2 && labels.iter().all(label_ok) && labels.last().is_some_and(top_level_ok)
}

/// The full stops other scripts write between labels, which IDNA reads as `.`: an address
/// holding one is refused rather than read two ways.
fn full_stop(c: char) -> bool {
    matches!(c, '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// Checks a display name (of a person, an organization, a project or a team) and returns it in
/// its normal form ([`normal_name`]): not empty, at most [`NAME_MAX`] characters, no control
/// characters, and nothing invisible or direction-changing ([`hidden_character`]), so two names
/// that read the same are the same name. `what` names the thing in the message.
pub fn name(what: &str, input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(format!("Enter {what}."));
    }
    if let Some(c) = trimmed.chars().find(|&c| hidden_character(c)) {
        return Err(format!(
            "A name cannot contain invisible or text-direction characters (it holds U+{:04X}).",
            c as u32
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err("A name cannot contain control characters.".into());
    }
    let name = normal_name(trimmed);
    if name.chars().count() > NAME_MAX {
        return Err(format!("A name has at most {NAME_MAX} characters."));
    }
    Ok(name)
}

/// A name in the form it is stored and compared in: Unicode NFC (so "é" typed as one character or
/// as "e" and an accent is the same name), trimmed, and every run of white space (the no-break
/// space too) written as one space, as a page shows it anyway.
pub fn normal_name(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for word in nfc(input).split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Organization addresses (slugs) have at most this many characters.
pub const SLUG_MAX: usize = 40;

/// Slugs no organization may have: they are other pages' addresses.
const RESERVED_SLUGS: [&str; 1] = ["new"];

/// Checks an organization's address (`/orgs/<slug>/...`) and returns it trimmed and lower-cased:
/// letters `a`–`z`, digits and dashes, neither first nor last, at most [`SLUG_MAX`] characters.
pub fn slug(input: &str) -> Result<String, String> {
    let slug = input.trim().to_ascii_lowercase();
    if slug.is_empty() {
        return Err("Enter an address for the organization.".into());
    }
    if slug.chars().count() > SLUG_MAX {
        return Err(format!("An address has at most {SLUG_MAX} characters."));
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err("Use only letters a–z, digits and dashes.".into());
    }
    if slug.starts_with('-') || slug.ends_with('-') {
        return Err("An address cannot start or end with a dash.".into());
    }
    if RESERVED_SLUGS.contains(&slug.as_str()) {
        return Err(format!("“{slug}” is reserved. Choose another address."));
    }
    Ok(slug)
}

/// The address suggested for an organization named `name`: its letters and digits in lower
/// case, anything else a dash, runs of dashes as one (`"Acme Corp."` → `"acme-corp"`). Empty when
/// the name has no letter or digit a–z, 0–9.
pub fn slug_from_name(name: &str) -> String {
    let mut out = String::new();
    for c in lowercase(name).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let cut: String = out.chars().take(SLUG_MAX).collect();
    cut.trim_matches('-').to_string()
}

/// Characters that show nothing or change the direction text reads in: zero-width spaces and
/// joiners, invisible fillers, soft hyphens, tag characters, and the bidirectional marks,
/// embeddings, overrides and isolates. A name holding one can pass for another name, or read
/// differently from what it says.
pub fn hidden_character(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                       // soft hyphen
        | '\u{034F}'                     // combining grapheme joiner
        | '\u{061C}'                     // Arabic letter mark
        | '\u{115F}' | '\u{1160}'        // Hangul fillers
        | '\u{17B4}' | '\u{17B5}'        // Khmer inherent vowels
        | '\u{180E}'                     // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}'        // zero-width space, non-joiner, joiner; LRM, RLM
        | '\u{202A}'..='\u{202E}'        // embeddings and overrides
        | '\u{2060}'..='\u{2064}'        // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'        // isolates
        | '\u{206A}'..='\u{206F}'        // deprecated format characters
        | '\u{3164}'                     // Hangul filler
        | '\u{FEFF}'                     // zero-width no-break space
        | '\u{FFA0}'                     // halfwidth Hangul filler
        | '\u{FFF9}'..='\u{FFFB}'        // interlinear annotation
        | '\u{E0000}'..='\u{E007F}'      // tags
    )
}

/// Checks a new password: its length, and that it is not only white space, as NIST SP 800-63B
/// recommends (no composition rules). The server also refuses the most common passwords, from a
/// list it keeps to itself so the browser's bundle stays small.
pub fn new_password(input: &str) -> Result<(), String> {
    let n = input.chars().count();
    if n < PASSWORD_MIN {
        return Err(format!("Use at least {PASSWORD_MIN} characters."));
    }
    if n > PASSWORD_MAX {
        return Err(format!("Use at most {PASSWORD_MAX} characters."));
    }
    if input.trim().is_empty() {
        return Err("A password cannot be only spaces: anyone could guess it.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_letters_digits_and_inner_dashes() {
        assert_eq!(slug("  Acme-2 "), Ok("acme-2".into()));
        for bad in ["", "-acme", "acme-", "ac me", "acmé", "a/b", "new"] {
            assert!(slug(bad).is_err(), "{bad:?}");
        }
        assert!(slug(&"a".repeat(SLUG_MAX)).is_ok());
        assert!(slug(&"a".repeat(SLUG_MAX + 1)).is_err());
    }

    #[test]
    fn a_name_suggests_its_slug() {
        assert_eq!(slug_from_name("Acme Corp."), "acme-corp");
        assert_eq!(slug_from_name("  Globex  &  Co "), "globex-co");
        assert_eq!(slug_from_name("Ünïcode"), "n-code");
        assert_eq!(slug_from_name("???"), "");
        assert!(slug(&slug_from_name(&"word ".repeat(30))).is_ok());
    }
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses_and_normalises_them() {
        assert_eq!(
            email("  Ada.Lovelace+roster@Example.COM "),
            Ok("ada.lovelace+roster@example.com".into())
        );
        assert!(email("o'brien@sub.example.co.uk").is_ok());
    }

    #[test]
    fn accepts_internationalised_addresses() {
        assert_eq!(
            email("ana@example.xn--p1ai"),
            Ok("ana@example.xn--p1ai".into())
        );
        assert_eq!(email("José@Example.es"), Ok("josé@example.es".into()));
        // The same address typed with a combining accent is the same address.
        assert_eq!(
            email("jose\u{301}@example.es"),
            Ok("josé@example.es".into())
        );
        assert_eq!(email("用户@例子.广告"), Ok("用户@例子.广告".into()));
        assert_eq!(email("ана@пример.рф"), Ok("ана@пример.рф".into()));
        assert!(email("δοκιμή@παράδειγμα.δοκιμή").is_ok());
        assert!(email("a@bücher.de").is_ok());
        for bad in [
            "jo sé@example.es",
            "jo\u{200b}se@example.es",
            "ana@example。рф",
            "ana@example.xn--",
            "ana@example.рф1",
            "ana\u{a0}@example.es",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@example.com",
            ".a@example.com",
            "a.@example.com",
            "a..b@example.com",
            "a@-example.com",
            "a@example-.com",
            "a@example.c0m",
            "a@example..com",
            "a@exa_mple.com",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(email(&format!("{}@example.com", "a".repeat(65))).is_err());
        assert!(email(&format!("a@{}.com", "b".repeat(250))).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("a project name", "  Web app "), Ok("Web app".into()));
        assert_eq!(
            name("a project name", "   "),
            Err("Enter a project name.".into())
        );
        assert!(name("a name", &"x".repeat(NAME_MAX + 1)).is_err());
        assert!(name("a name", "tab\there").is_err());
    }

    #[test]
    fn names_are_normalised_so_lookalikes_are_one_name() {
        // "é" as one character, and as "e" followed by a combining accent.
        assert_eq!(
            name("a team name", "Caf\u{65}\u{301}"),
            Ok("Caf\u{e9}".into())
        );
        assert_eq!(
            name("a team name", "\u{a0}Data \u{a0}  Warehouse\u{3000}"),
            Ok("Data Warehouse".into())
        );
        assert_eq!(normal_name(" Data\u{2003}Warehouse "), "Data Warehouse");
    }

    #[test]
    fn invisible_and_direction_characters_are_refused_with_the_character() {
        assert_eq!(
            name("a project name", "Data Warehouse\u{200b}"),
            Err(
                "A name cannot contain invisible or text-direction characters (it holds U+200B)."
                    .into()
            )
        );
        for hidden in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{00ad}',
            '\u{202e}',
            '\u{202a}',
            '\u{2066}',
            '\u{2069}',
            '\u{200e}',
            '\u{200f}',
            '\u{061c}',
            '\u{3164}',
            '\u{e0041}',
        ] {
            let error = name("a name", &format!("Ada{hidden}Lovelace")).unwrap_err();
            assert!(
                error.contains(&format!("U+{:04X}", hidden as u32)),
                "{hidden:?}: {error}"
            );
        }
        // Letters, accents and emoji of every script stay allowed.
        for fine in [
            "Łódź",
            "Ωμέγα",
            "データ",
            "قسم المبيعات",
            "Team 🚀",
            "Zoë's",
        ] {
            assert_eq!(name("a name", fine), Ok(fine.to_string()));
        }
    }

    #[test]
    fn passwords_have_only_length_rules_and_are_not_blank() {
        assert!(new_password("short").is_err());
        assert!(new_password("all lowercase is fine").is_ok());
        assert!(new_password(&"p".repeat(PASSWORD_MAX + 1)).is_err());
        assert_eq!(
            new_password("        "),
            Err("A password cannot be only spaces: anyone could guess it.".into())
        );
        assert!(new_password("\t \u{a0}\u{3000}    ").is_err());
        assert!(new_password("  two words  ").is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Arbitrary bytes, decoded as a request body is: a clean address or a message, no panic.
        #[test]
        fn arbitrary_bytes_never_panic_and_what_passes_is_clean(
            bytes in prop::collection::vec(any::<u8>(), 0..512)
        ) {
            let text = String::from_utf8_lossy(&bytes);
            match email(&text) {
                Ok(clean) => {
                    prop_assert_eq!(clean.trim(), clean.as_str());
                    prop_assert_eq!(clean.matches('@').count(), 1);
                    prop_assert_eq!(email(&clean), Ok(clean.clone()));
                }
                Err(message) => prop_assert!(!message.is_empty()),
            }
            if let Ok(clean) = name("a name", &text) {
                prop_assert_eq!(name("a name", &clean), Ok(clean.clone()));
                prop_assert!(!clean.chars().any(hidden_character));
            }
            let _ = new_password(&text);
        }
    }

    proptest! {
        #[test]
        fn email_validation_never_panics(s in any::<String>()) {
            let _ = email(&s);
        }

        #[test]
        fn valid_emails_are_stable_under_revalidation(s in "[a-z0-9._+-]{1,20}@[a-z0-9-]{1,10}\\.[a-z]{2,5}") {
            if let Ok(clean) = email(&s) {
                prop_assert_eq!(email(&clean), Ok(clean.clone()));
            }
        }
    }
}
