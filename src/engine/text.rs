//! Case-insensitive text: the one place that decides how the sandbox compares strings
//! ignoring case (userName uniqueness, filters, Okta's matching, the UI's search boxes).
//!
//! ```
//! use leadiq_scim_sandbox::engine::text::{eq_ignore_case, fold_case};
//!
//! assert_eq!(fold_case("Ada@Example.COM"), "ada@example.com");
//! assert!(eq_ignore_case("ÅGREN", "ågren"));
//! ```

use std::borrow::Cow;

/// `text` in the form case-insensitive comparisons and keys use: Unicode lowercase
/// (`str::to_lowercase`), borrowed when it is already lowercase ASCII.
// Lowercasing is not full Unicode case folding: "straße" and "STRASSE" stay different.
pub fn fold_case(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// Whether `a` and `b` are equal ignoring case, as [`fold_case`] decides it.
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    fold_case(a) == fold_case(b)
}

/// Whether `haystack` contains `needle` ignoring case, as [`fold_case`] decides it.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    fold_case(haystack).contains(fold_case(needle).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_ascii_is_borrowed_unchanged() {
        assert!(matches!(fold_case("ada@example.com"), Cow::Borrowed(_)));
    }

    #[test]
    fn folding_lowercases_with_unicode_rules() {
        assert_eq!(fold_case("ADA@Example.com"), "ada@example.com");
        assert_eq!(fold_case("ÅGREN-ÉMILE"), "ågren-émile");
        assert_eq!(fold_case("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");
    }

    #[test]
    fn equality_ignores_case_but_not_spelling() {
        assert!(eq_ignore_case("Ada@Example.com", "ada@EXAMPLE.COM"));
        assert!(eq_ignore_case("Ågren", "ÅGREN"));
        assert!(!eq_ignore_case("ada", "ada "));
    }

    #[test]
    fn lowercasing_is_not_full_case_folding() {
        assert!(!eq_ignore_case("straße", "STRASSE"));
    }

    #[test]
    fn containment_ignores_case() {
        assert!(contains_ignore_case("Ada Lovelace", "LOVE"));
        assert!(!contains_ignore_case("Ada Lovelace", "babbage"));
    }
}
