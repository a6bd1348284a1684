//! Case-insensitive text: the one place that decides how the sandbox compares strings
//! ignoring case (userName uniqueness, filters, Okta's matching, the UI's search boxes)
//! and how Okta's Lower case and Upper case transforms change a value.
//!
//! The standard library's case mapping carries tables for every cased script, which cost
//! the browser bundle about 16 KB gzip. The sandbox maps case for the scripts its names
//! and logins are written in: Latin (with Vietnamese), IPA, Greek, Cyrillic, Armenian,
//! Georgian and fullwidth Latin (U+0000 to U+058F, U+10A0 to U+10FF, U+1E00 to U+1EFF and
//! U+FF00 to U+FF5F), exactly as Unicode maps each of those characters.
//!
//! ```
//! use leadiq_scim_sandbox::engine::text::{eq_ignore_case, fold_case, uppercase};
//!
//! assert_eq!(fold_case("Ada@Example.COM"), "ada@example.com");
//! assert!(eq_ignore_case("NGUYỄN", "nguyễn"));
//! assert_eq!(uppercase("straße"), "STRASSE");
//! ```

use std::borrow::Cow;

/// `text` in the form case-insensitive comparisons and keys use: lowercase, borrowed when
/// it is already lowercase ASCII.
// Lowercasing is not full Unicode case folding: "straße" and "STRASSE" stay different.
pub fn fold_case(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(lowercase(text))
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

/// `text` in lowercase, character by character (Unicode's mapping within the scripts
/// this module covers; other characters unchanged).
// Greek capital sigma always becomes σ: the word-final ς of `str::to_lowercase` needs
// context, and for matching the plain form is the one that compares equal.
pub fn lowercase(text: &str) -> String {
    map_case(text, LOWER_RUNS, LOWER_SPECIAL)
}

/// `text` in uppercase, character by character, as [`lowercase`] but upward (`ß` becomes
/// `SS`).
pub fn uppercase(text: &str) -> String {
    map_case(text, UPPER_RUNS, UPPER_SPECIAL)
}

fn map_case(text: &str, runs: &[Run], special: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match special.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(map_char(c, runs)),
        }
    }
    out
}

/// The character `c` maps to by `runs`, or `c` itself.
fn map_char(c: char, runs: &[Run]) -> char {
    let code = u32::from(c);
    let after = runs.partition_point(|run| run.0 <= code);
    let run = after.checked_sub(1).and_then(|i| runs.get(i));
    let mapped = run
        .filter(|&&(first, last, _, stride)| code <= last && (code - first) % stride == 0)
        .and_then(|&(_, _, delta, _)| code.checked_add_signed(delta))
        .and_then(char::from_u32);
    mapped.unwrap_or(c)
}

/// Code points `.0..=.1`, every `.3`-th from the first, map to themselves plus `.2`.
type Run = (u32, u32, i32, u32);

// The tables below list Unicode's simple case mappings for the covered ranges as runs; the
// tests check every covered character against the standard library's mapping.
#[rustfmt::skip]
const LOWER_RUNS: &[Run] = &[
    (0x0041, 0x005A, 32, 1), (0x00C0, 0x00D6, 32, 1), (0x00D8, 0x00DE, 32, 1),
    (0x0100, 0x012E, 1, 2), (0x0132, 0x0136, 1, 2), (0x0139, 0x0147, 1, 2),
    (0x014A, 0x0176, 1, 2), (0x0178, 0x0178, -121, 1), (0x0179, 0x017D, 1, 2),
    (0x0181, 0x0181, 210, 1), (0x0182, 0x0184, 1, 2), (0x0186, 0x0186, 206, 1),
    (0x0187, 0x0187, 1, 1), (0x0189, 0x018A, 205, 1), (0x018B, 0x018B, 1, 1),
    (0x018E, 0x018E, 79, 1), (0x018F, 0x018F, 202, 1), (0x0190, 0x0190, 203, 1),
    (0x0191, 0x0191, 1, 1), (0x0193, 0x0193, 205, 1), (0x0194, 0x0194, 207, 1),
    (0x0196, 0x0196, 211, 1), (0x0197, 0x0197, 209, 1), (0x0198, 0x0198, 1, 1),
    (0x019C, 0x019C, 211, 1), (0x019D, 0x019D, 213, 1), (0x019F, 0x019F, 214, 1),
    (0x01A0, 0x01A4, 1, 2), (0x01A6, 0x01A6, 218, 1), (0x01A7, 0x01A7, 1, 1),
    (0x01A9, 0x01A9, 218, 1), (0x01AC, 0x01AC, 1, 1), (0x01AE, 0x01AE, 218, 1),
    (0x01AF, 0x01AF, 1, 1), (0x01B1, 0x01B2, 217, 1), (0x01B3, 0x01B5, 1, 2),
    (0x01B7, 0x01B7, 219, 1), (0x01B8, 0x01B8, 1, 1), (0x01BC, 0x01BC, 1, 1),
    (0x01C4, 0x01C4, 2, 1), (0x01C5, 0x01C5, 1, 1), (0x01C7, 0x01C7, 2, 1),
    (0x01C8, 0x01C8, 1, 1), (0x01CA, 0x01CA, 2, 1), (0x01CB, 0x01DB, 1, 2),
    (0x01DE, 0x01EE, 1, 2), (0x01F1, 0x01F1, 2, 1), (0x01F2, 0x01F4, 1, 2),
    (0x01F6, 0x01F6, -97, 1), (0x01F7, 0x01F7, -56, 1), (0x01F8, 0x021E, 1, 2),
    (0x0220, 0x0220, -130, 1), (0x0222, 0x0232, 1, 2), (0x023A, 0x023A, 10795, 1),
    (0x023B, 0x023B, 1, 1), (0x023D, 0x023D, -163, 1), (0x023E, 0x023E, 10792, 1),
    (0x0241, 0x0241, 1, 1), (0x0243, 0x0243, -195, 1), (0x0244, 0x0244, 69, 1),
    (0x0245, 0x0245, 71, 1), (0x0246, 0x024E, 1, 2), (0x0370, 0x0372, 1, 2),
    (0x0376, 0x0376, 1, 1), (0x037F, 0x037F, 116, 1), (0x0386, 0x0386, 38, 1),
    (0x0388, 0x038A, 37, 1), (0x038C, 0x038C, 64, 1), (0x038E, 0x038F, 63, 1),
    (0x0391, 0x03A1, 32, 1), (0x03A3, 0x03AB, 32, 1), (0x03CF, 0x03CF, 8, 1),
    (0x03D8, 0x03EE, 1, 2), (0x03F4, 0x03F4, -60, 1), (0x03F7, 0x03F7, 1, 1),
    (0x03F9, 0x03F9, -7, 1), (0x03FA, 0x03FA, 1, 1), (0x03FD, 0x03FF, -130, 1),
    (0x0400, 0x040F, 80, 1), (0x0410, 0x042F, 32, 1), (0x0460, 0x0480, 1, 2),
    (0x048A, 0x04BE, 1, 2), (0x04C0, 0x04C0, 15, 1), (0x04C1, 0x04CD, 1, 2),
    (0x04D0, 0x052E, 1, 2), (0x0531, 0x0556, 48, 1), (0x10A0, 0x10C5, 7264, 1),
    (0x10C7, 0x10C7, 7264, 1), (0x10CD, 0x10CD, 7264, 1), (0x1E00, 0x1E94, 1, 2),
    (0x1E9E, 0x1E9E, -7615, 1), (0x1EA0, 0x1EFE, 1, 2), (0xFF21, 0xFF3A, 32, 1),
];
const LOWER_SPECIAL: &[(char, &str)] = &[('\u{130}', "i\u{307}")];
#[rustfmt::skip]
const UPPER_RUNS: &[Run] = &[
    (0x0061, 0x007A, -32, 1), (0x00B5, 0x00B5, 743, 1), (0x00E0, 0x00F6, -32, 1),
    (0x00F8, 0x00FE, -32, 1), (0x00FF, 0x00FF, 121, 1), (0x0101, 0x012F, -1, 2),
    (0x0131, 0x0131, -232, 1), (0x0133, 0x0137, -1, 2), (0x013A, 0x0148, -1, 2),
    (0x014B, 0x0177, -1, 2), (0x017A, 0x017E, -1, 2), (0x017F, 0x017F, -300, 1),
    (0x0180, 0x0180, 195, 1), (0x0183, 0x0185, -1, 2), (0x0188, 0x0188, -1, 1),
    (0x018C, 0x018C, -1, 1), (0x0192, 0x0192, -1, 1), (0x0195, 0x0195, 97, 1),
    (0x0199, 0x0199, -1, 1), (0x019A, 0x019A, 163, 1), (0x019B, 0x019B, 42561, 1),
    (0x019E, 0x019E, 130, 1), (0x01A1, 0x01A5, -1, 2), (0x01A8, 0x01A8, -1, 1),
    (0x01AD, 0x01AD, -1, 1), (0x01B0, 0x01B0, -1, 1), (0x01B4, 0x01B6, -1, 2),
    (0x01B9, 0x01B9, -1, 1), (0x01BD, 0x01BD, -1, 1), (0x01BF, 0x01BF, 56, 1),
    (0x01C5, 0x01C5, -1, 1), (0x01C6, 0x01C6, -2, 1), (0x01C8, 0x01C8, -1, 1),
    (0x01C9, 0x01C9, -2, 1), (0x01CB, 0x01CB, -1, 1), (0x01CC, 0x01CC, -2, 1),
    (0x01CE, 0x01DC, -1, 2), (0x01DD, 0x01DD, -79, 1), (0x01DF, 0x01EF, -1, 2),
    (0x01F2, 0x01F2, -1, 1), (0x01F3, 0x01F3, -2, 1), (0x01F5, 0x01F5, -1, 1),
    (0x01F9, 0x021F, -1, 2), (0x0223, 0x0233, -1, 2), (0x023C, 0x023C, -1, 1),
    (0x023F, 0x0240, 10815, 1), (0x0242, 0x0242, -1, 1), (0x0247, 0x024F, -1, 2),
    (0x0250, 0x0250, 10783, 1), (0x0251, 0x0251, 10780, 1), (0x0252, 0x0252, 10782, 1),
    (0x0253, 0x0253, -210, 1), (0x0254, 0x0254, -206, 1), (0x0256, 0x0257, -205, 1),
    (0x0259, 0x0259, -202, 1), (0x025B, 0x025B, -203, 1), (0x025C, 0x025C, 42319, 1),
    (0x0260, 0x0260, -205, 1), (0x0261, 0x0261, 42315, 1), (0x0263, 0x0263, -207, 1),
    (0x0264, 0x0264, 42343, 1), (0x0265, 0x0265, 42280, 1), (0x0266, 0x0266, 42308, 1),
    (0x0268, 0x0268, -209, 1), (0x0269, 0x0269, -211, 1), (0x026A, 0x026A, 42308, 1),
    (0x026B, 0x026B, 10743, 1), (0x026C, 0x026C, 42305, 1), (0x026F, 0x026F, -211, 1),
    (0x0271, 0x0271, 10749, 1), (0x0272, 0x0272, -213, 1), (0x0275, 0x0275, -214, 1),
    (0x027D, 0x027D, 10727, 1), (0x0280, 0x0280, -218, 1), (0x0282, 0x0282, 42307, 1),
    (0x0283, 0x0283, -218, 1), (0x0287, 0x0287, 42282, 1), (0x0288, 0x0288, -218, 1),
    (0x0289, 0x0289, -69, 1), (0x028A, 0x028B, -217, 1), (0x028C, 0x028C, -71, 1),
    (0x0292, 0x0292, -219, 1), (0x029D, 0x029D, 42261, 1), (0x029E, 0x029E, 42258, 1),
    (0x0345, 0x0345, 84, 1), (0x0371, 0x0373, -1, 2), (0x0377, 0x0377, -1, 1),
    (0x037B, 0x037D, 130, 1), (0x03AC, 0x03AC, -38, 1), (0x03AD, 0x03AF, -37, 1),
    (0x03B1, 0x03C1, -32, 1), (0x03C2, 0x03C2, -31, 1), (0x03C3, 0x03CB, -32, 1),
    (0x03CC, 0x03CC, -64, 1), (0x03CD, 0x03CE, -63, 1), (0x03D0, 0x03D0, -62, 1),
    (0x03D1, 0x03D1, -57, 1), (0x03D5, 0x03D5, -47, 1), (0x03D6, 0x03D6, -54, 1),
    (0x03D7, 0x03D7, -8, 1), (0x03D9, 0x03EF, -1, 2), (0x03F0, 0x03F0, -86, 1),
    (0x03F1, 0x03F1, -80, 1), (0x03F2, 0x03F2, 7, 1), (0x03F3, 0x03F3, -116, 1),
    (0x03F5, 0x03F5, -96, 1), (0x03F8, 0x03F8, -1, 1), (0x03FB, 0x03FB, -1, 1),
    (0x0430, 0x044F, -32, 1), (0x0450, 0x045F, -80, 1), (0x0461, 0x0481, -1, 2),
    (0x048B, 0x04BF, -1, 2), (0x04C2, 0x04CE, -1, 2), (0x04CF, 0x04CF, -15, 1),
    (0x04D1, 0x052F, -1, 2), (0x0561, 0x0586, -48, 1), (0x10D0, 0x10FA, 3008, 1),
    (0x10FD, 0x10FF, 3008, 1), (0x1E01, 0x1E95, -1, 2), (0x1E9B, 0x1E9B, -59, 1),
    (0x1EA1, 0x1EFF, -1, 2), (0xFF41, 0xFF5A, -32, 1),
];
const UPPER_SPECIAL: &[(char, &str)] = &[
    ('\u{df}', "SS"),
    ('\u{149}', "\u{2bc}N"),
    ('\u{1f0}', "J\u{30c}"),
    ('\u{390}', "\u{399}\u{308}\u{301}"),
    ('\u{3b0}', "\u{3a5}\u{308}\u{301}"),
    ('\u{587}', "\u{535}\u{552}"),
    ('\u{1e96}', "H\u{331}"),
    ('\u{1e97}', "T\u{308}"),
    ('\u{1e98}', "W\u{30a}"),
    ('\u{1e99}', "Y\u{30a}"),
    ('\u{1e9a}', "A\u{2be}"),
];

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
        assert_eq!(fold_case("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
        assert_eq!(fold_case("NGUYỄN Thị"), "nguyễn thị");
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

    /// The ranges this module maps, as in the module documentation.
    const COVERED: [(u32, u32); 4] = [
        (0x0000, 0x058F),
        (0x10A0, 0x10FF),
        (0x1E00, 0x1EFF),
        (0xFF00, 0xFF5F),
    ];

    fn covered(c: char) -> bool {
        COVERED
            .iter()
            .any(|&(first, last)| (first..=last).contains(&u32::from(c)))
    }

    #[test]
    fn every_covered_character_maps_as_the_standard_library_maps_it() {
        let mut checked = 0;
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| covered(c))
        {
            let text = c.to_string();
            assert_eq!(
                lowercase(&text),
                c.to_lowercase().collect::<String>(),
                "{c:?}"
            );
            assert_eq!(
                uppercase(&text),
                c.to_uppercase().collect::<String>(),
                "{c:?}"
            );
            checked += 1;
        }
        assert_eq!(checked, 0x590 + 0x60 + 0x100 + 0x60);
    }

    #[test]
    fn characters_outside_the_covered_scripts_are_left_as_they_are() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| !covered(c))
        {
            let text = c.to_string();
            assert_eq!(lowercase(&text), text, "{c:?}");
            assert_eq!(uppercase(&text), text, "{c:?}");
        }
        // Cherokee and Deseret are cased scripts the sandbox does not map.
        assert!(!eq_ignore_case("\u{13A0}", "\u{AB70}"));
        assert!(!eq_ignore_case("\u{10400}", "\u{10428}"));
    }

    #[test]
    fn whole_strings_map_character_by_character() {
        assert_eq!(uppercase("straße ǰ"), "STRASSE J\u{30c}");
        assert_eq!(lowercase("İSTANBUL"), "i\u{307}stanbul");
        assert_eq!(
            uppercase("ada.lovelace@example.com"),
            "ADA.LOVELACE@EXAMPLE.COM"
        );
        assert_eq!(lowercase("ΆΈΉ Ѐ Ա Ⴀ Ａ"), "άέή ѐ ա ⴀ ａ");
    }
}
