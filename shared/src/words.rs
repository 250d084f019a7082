//! Counts written as a person writes them: "1 person", "2 people", "no individual grants".
//! Every message that counts something uses these, so no screen says "grant(s)".

/// `n` followed by `one` or `many`: "1 team", "3 teams".
pub fn count_of(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 person", "2 people", "0 people".
pub fn people_count(n: impl Into<i64>) -> String {
    count_of(n, "person", "people")
}

/// Like [`count_of`], but "no …" for zero: "no team memberships", "1 team membership".
pub fn some_of(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 0 {
        format!("no {many}")
    } else {
        count_of(n, one, many)
    }
}

/// "a, b and c"; "a and b"; "a".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A role's name with its article: "an Admin", "a Member", "an Owner", "a Billing Admin".
pub fn a_or_an(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {word}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_take_their_article() {
        assert_eq!(a_or_an("Admin"), "an Admin");
        assert_eq!(a_or_an("Owner"), "an Owner");
        assert_eq!(a_or_an("Member"), "a Member");
        assert_eq!(a_or_an("Billing Admin"), "a Billing Admin");
        assert_eq!(a_or_an("Analyst"), "an Analyst");
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(people_count(0), "0 people");
        assert_eq!(people_count(1), "1 person");
        assert_eq!(people_count(2), "2 people");
        assert_eq!(count_of(1u32, "row", "rows"), "1 row");
        assert_eq!(count_of(11, "row", "rows"), "11 rows");
        assert_eq!(
            some_of(0, "individual grant", "individual grants"),
            "no individual grants"
        );
        assert_eq!(
            some_of(1, "team membership", "team memberships"),
            "1 team membership"
        );
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(and_list(&["a".into(), "b".into()]), "a and b");
        assert_eq!(and_list(&["a".into()]), "a");
    }
}
