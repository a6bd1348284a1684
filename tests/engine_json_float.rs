//! Tests of the engine's float parser against `str::parse::<f64>`: for JSON number text
//! both give the same double, bit for bit, and the parser refuses exactly the numbers
//! that round to infinity. The JSON reader and the filter parser, which use it, are
//! checked on the same texts.
//!
//! Case counts are fixed below so the figure reported is the figure run.
#![cfg(not(target_arch = "wasm32"))]

use leadiq_scim_sandbox::engine::filter::{self, CompValue, Filter};
use leadiq_scim_sandbox::engine::json::{self, parse_f64};
use proptest::prelude::*;
use serde_json::{Number, Value};

/// Arbitrary doubles written in several ways.
const CASES_WRITTEN: u32 = 4000;
/// Midpoints between neighbouring doubles, exact and nudged.
const CASES_MIDPOINTS: u32 = 1500;
/// Random digit strings with random exponents.
const CASES_DIGITS: u32 = 8000;

/// What `str::parse::<f64>` gives, as bits, with infinity as `None` (the callers refuse
/// numbers that overflow).
fn expected(text: &str) -> Option<u64> {
    let parsed = text.parse::<f64>().ok().filter(|f| f.is_finite());
    parsed.map(f64::to_bits)
}

fn ours(text: &str) -> Option<u64> {
    parse_f64(text).map(f64::to_bits)
}

#[track_caller]
fn assert_same(text: &str) {
    let shown = if text.len() > 120 {
        format!("{}… ({} bytes)", &text[..120], text.len())
    } else {
        text.to_string()
    };
    assert_eq!(ours(text), expected(text), "{shown}");
}

/// What the JSON reader and the filter parser should make of `text`, a number written
/// with a fraction or an exponent: the double `str::parse::<f64>` gives.
fn expected_number(text: &str) -> Option<Number> {
    expected(text)
        .map(f64::from_bits)
        .and_then(Number::from_f64)
}

fn read_number(text: &str) -> Option<Number> {
    match json::parse(text) {
        Ok(Value::Number(number)) => Some(number),
        _ => None,
    }
}

fn filter_number(text: &str) -> Option<Number> {
    match filter::parse(&format!("n gt {text}")) {
        Ok(Filter::Compare(_, _, CompValue::Num(number))) => Some(number),
        _ => None,
    }
}

/// A little-endian big integer in base 10^9, enough to write exact midpoints in decimal.
struct Decimal(Vec<u64>);

impl Decimal {
    const BASE: u64 = 1_000_000_000;

    fn new(mut n: u64) -> Self {
        let mut limbs = Vec::new();
        while n > 0 {
            limbs.push(n % Self::BASE);
            n /= Self::BASE;
        }
        Decimal(limbs)
    }

    fn times(mut self, factor: u64, count: u32) -> Self {
        for _ in 0..count {
            let mut carry = 0;
            for limb in &mut self.0 {
                let wide = *limb * factor + carry;
                *limb = wide % Self::BASE;
                carry = wide / Self::BASE;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self
    }

    fn digits(&self) -> String {
        let mut limbs = self.0.iter().rev();
        let mut text = limbs
            .next()
            .map(u64::to_string)
            .unwrap_or_else(|| "0".into());
        for limb in limbs {
            text.push_str(&format!("{limb:09}"));
        }
        text
    }
}

/// The midpoint between `x` (finite, not negative) and the next double up, exactly, as
/// decimal digits N and a count j of decimal places: the midpoint is N / 10^j.
fn midpoint(x: f64) -> (String, u32) {
    let bits = x.to_bits();
    let field = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if field == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, field - 1075)
    };
    // (2m + 1) · 2^(e - 1), and 2^-k = 5^k / 10^k.
    let odd = Decimal::new(2 * m + 1);
    if e >= 1 {
        (odd.times(2, (e - 1) as u32).digits(), 0)
    } else {
        let places = (1 - e) as u32;
        (odd.times(5, places).digits(), places)
    }
}

/// `digits` (a positive integer) minus one, without leading zeros.
fn minus_one(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'0' {
            *byte = b'9';
        } else {
            *byte -= 1;
            break;
        }
    }
    let text = String::from_utf8(bytes).unwrap_or_default();
    let trimmed = text.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.into()
    }
}

/// digits · 10^-places written as `d.ddde±x`, or `de±x` for a single digit.
fn scientific(digits: &str, places: u32) -> String {
    let exponent = digits.len() as i64 - 1 - i64::from(places);
    match digits.split_at_checked(1) {
        Some((first, "")) => format!("{first}e{exponent}"),
        Some((first, rest)) => format!("{first}.{rest}E{exponent:+}"),
        None => String::new(),
    }
}

/// The texts around the midpoint above `x`: the midpoint itself, and the midpoint plus
/// and minus a tiny amount written with a tail of `tail` more digits.
fn midpoint_texts(x: f64, tail: usize) -> Vec<String> {
    let (digits, places) = midpoint(x);
    let tail_places = places + tail as u32 + 1;
    let above = format!("{digits}{}1", "0".repeat(tail));
    let below = format!("{}{}", minus_one(&digits), "9".repeat(tail + 1));
    vec![
        format!("{digits}e-{places}"),
        scientific(&digits, places),
        format!("{above}e-{tail_places}"),
        scientific(&above, tail_places),
        format!("{below}e-{tail_places}"),
        scientific(&below, tail_places),
    ]
}

/// Finite doubles, weighted towards subnormals, binade edges and the top of the range.
fn double() -> impl Strategy<Value = f64> {
    let edge = (0u64..2047, prop_oneof![0u64..4, (1u64 << 52) - 4..1 << 52])
        .prop_map(|(field, fraction)| field << 52 | fraction);
    let bits = prop_oneof![
        4 => any::<u64>(),
        1 => 0u64..1 << 53,
        1 => edge,
        1 => 0x7fe0_0000_0000_0000u64..0x7ff0_0000_0000_0000,
    ];
    bits.prop_map(|b| f64::from_bits(b & !(1 << 63)))
        .prop_filter("finite", |f| f.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_WRITTEN))]

    #[test]
    fn reads_every_way_a_double_is_written(
        x in double(),
        negative in any::<bool>(),
        precision in 17usize..=40,
    ) {
        let x = if negative { -x } else { x };
        for text in [
            format!("{x}"),
            format!("{x:e}"),
            format!("{x:.precision$e}"),
            format!("{x:.precision$}"),
            format!("{x:.3e}"),
        ] {
            prop_assert_eq!(ours(&text), expected(&text), "{}", text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_MIDPOINTS))]

    #[test]
    fn rounds_midpoints_to_even_and_their_neighbours_to_the_nearer(
        x in double(),
        tail in prop_oneof![0usize..20, 700usize..1200],
    ) {
        for text in midpoint_texts(x, tail) {
            prop_assert_eq!(ours(&text), expected(&text), "{}", text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_DIGITS))]

    #[test]
    fn reads_random_digit_strings(
        digits in "[0-9]{1,60}",
        point in 0usize..=60,
        exponent in -400i32..=400,
        form in 0u8..4,
        negative in any::<bool>(),
    ) {
        let point = point.min(digits.len());
        let (int, frac) = digits.split_at(point);
        let int = match int.trim_start_matches('0') {
            "" => "0",
            int => int,
        };
        let sign = if negative { "-" } else { "" };
        let frac = if frac.is_empty() { String::new() } else { format!(".{frac}") };
        let text = match form {
            0 => format!("{sign}{int}{frac}e{exponent}"),
            1 => format!("{sign}{int}{frac}E{exponent:+}"),
            2 if !frac.is_empty() => format!("{sign}{int}{frac}"),
            _ => format!("{sign}{int}{frac}e{exponent}0"),
        };
        prop_assert_eq!(ours(&text), expected(&text), "{}", text);
        // Every text has a fraction or an exponent, so both callers read a double.
        let number = expected_number(&text);
        prop_assert_eq!(read_number(&text), number.clone(), "reader: {}", text);
        prop_assert_eq!(filter_number(&text), number, "filter: {}", text);
    }
}

#[test]
fn zero_keeps_its_sign_and_underflow_gives_zero() {
    for text in [
        "0",
        "-0",
        "0.0",
        "-0.0",
        "0e0",
        "0e999999",
        "-0e-999999",
        "0.000",
        "1e-400",
        "-1e-400",
        "1e-99999999",
        "-1e-99999999",
        "0e99999999999999999999999999",
    ] {
        assert_same(text);
    }
    assert_eq!(parse_f64("-0").map(f64::to_bits), Some((-0.0f64).to_bits()));
    assert_eq!(
        parse_f64("-1e-400").map(f64::to_bits),
        Some((-0.0f64).to_bits())
    );
}

#[test]
fn the_smallest_subnormal_and_half_of_it() {
    for text in [
        "4.9406564584124654e-324",
        "5e-324",
        "4e-324",
        "3e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.4703282292062328e-324",
        "2.470328229206232720e-324",
        "2.4703282292062327209e-324",
        "2.47032822920623272088e-324",
        "1e-324",
        "9.99e-325",
        "1e-323",
        "0.9e-323",
        "7.4109846876186981626e-324",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "2.2250738585072014e-308",
        "2.225073858507201136057409796709131975934819546351645648e-308",
        "4.4501477170144023e-308",
    ] {
        assert_same(text);
        assert_same(&format!("-{text}"));
    }
    // Half the smallest subnormal exactly is a tie, which goes to the even zero; anything
    // above it, however little, is the smallest subnormal.
    let (half, places) = midpoint(0.0);
    assert_eq!(parse_f64(&format!("{half}e-{places}")), Some(0.0));
    let above = format!("{half}{}1e-{}", "0".repeat(2000), places + 2001);
    assert_eq!(parse_f64(&above), Some(f64::from_bits(1)));
    let below = format!(
        "{}{}e-{}",
        minus_one(&half),
        "9".repeat(2000),
        places + 2000
    );
    assert_eq!(parse_f64(&below), Some(0.0));
}

#[test]
fn the_largest_double_and_the_overflow_edge() {
    for text in [
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "-1.7976931348623159e308",
        "1.797693134862315807e308",
        "1.797693134862315808e308",
        "1e308",
        "9.9999e308",
        "1e309",
        "1e400",
        "-1e400",
        "1e99999999999999999999",
        "179769313486231570814527423731704356798070567525844996598917476803157260780028538760\
         589558632766878171540458953514382464234321326889464182768467546703537516986049910576\
         551282076245490090389328944075868508455133942304583236903222948165808559332123348274\
         797826204144723168738177180919299881250404026184124858368",
    ] {
        assert_same(text);
    }
    assert_eq!(parse_f64("1.7976931348623158e308"), Some(f64::MAX));
    assert_eq!(parse_f64("1.7976931348623159e308"), None);
    // The midpoint above f64::MAX ties to the even neighbour, which is infinity.
    let (edge, _) = midpoint(f64::MAX);
    assert_eq!(parse_f64(&edge), None);
    assert_eq!(parse_f64(&minus_one(&edge)), Some(f64::MAX));
    assert_eq!(
        parse_f64(&format!("{}.{}", minus_one(&edge), "9".repeat(5000))),
        Some(f64::MAX)
    );
}

#[test]
fn the_exact_powers_of_ten_and_the_fast_path_edges() {
    for exponent in -30..=30 {
        for mantissa in [
            "1",
            "9",
            "123456789012345",
            "9007199254740992",
            "9007199254740993",
        ] {
            assert_same(&format!("{mantissa}e{exponent}"));
        }
    }
    for text in [
        "0.1",
        "0.3",
        "2.5e-3",
        "123456.789e2",
        "1e23",
        "8.589973e9",
        "1448997445238699",
    ] {
        assert_same(text);
    }
}

#[test]
fn leading_zeros_after_the_point_only_move_the_exponent() {
    for zeros in [0, 1, 5, 22, 23, 100, 307, 308, 323, 324, 400, 5000] {
        let text = format!("0.{}1", "0".repeat(zeros));
        assert_same(&text);
        assert_same(&format!(
            "0.{}4940656458412465441765687928682213723651",
            "0".repeat(zeros)
        ));
        assert_same(&format!("{text}e300"));
        // The exponent brings the digits back: the zeros are neither digits nor a size.
        assert_same(&format!("{text}e{}", zeros + 1));
        assert_same(&format!("{text}e{}", zeros + 309));
        assert_same(&format!("-{text}e{}", zeros + 310));
        let long = format!("0.{}{}", "0".repeat(zeros), "98765432".repeat(120));
        assert_same(&format!("{long}e{}", zeros + 1));
        assert_same(&format!("{long}e{}", zeros + 309));
        assert_same(&format!("{long}e-{}", 300usize.saturating_sub(zeros)));
    }
    assert_eq!(
        parse_f64(&format!("0.{}1e5001", "0".repeat(5000))),
        Some(1.0)
    );
}

#[test]
fn long_digit_strings_stay_correct() {
    // 800 digits and more: the tail beyond the kept digits still decides ties.
    let long = format!("1.{}", "23456789".repeat(110));
    assert_same(&long);
    assert_same(&format!("{long}e-300"));
    assert_same(&format!("{long}e300"));
    let ones = "1".repeat(900);
    assert_same(&ones);
    assert_same(&format!("{ones}e-1200"));
    assert_same(&format!("0.{ones}"));
    // A tie (1 + 2^-53) with a nonzero digit after more than 800 zeros rounds up.
    let tie = "1.00000000000000011102230246251565404236316680908203125";
    assert_same(tie);
    assert_eq!(parse_f64(tie), Some(1.0));
    let nudged = format!("{tie}{}1", "0".repeat(1000));
    assert_same(&nudged);
    assert_eq!(parse_f64(&nudged), Some(1.0 + f64::EPSILON));
    assert_same(&format!("{tie}{}", "0".repeat(1000)));
}

#[test]
fn the_longest_midpoint_has_768_digits() {
    // The claim behind keeping 800 digits. A midpoint is (2m + 1) · 2^(e - 1) with
    // 2m + 1 < 2^54; written in decimal it is longest where 2^(e - 1) is smallest, at the
    // bottom of the range, and longest of all just below 2^-1021: 768 digits.
    let (longest, _) = midpoint(f64::from_bits((2 << 52) - 1));
    assert_eq!(longest.trim_end_matches('0').len(), 768);
    for bits in [
        1,
        1 << 52,
        (1 << 53) - 1,
        0x7fef_ffff_ffff_ffff,
        0x3ff0_0000_0000_0000,
    ] {
        let (digits, _) = midpoint(f64::from_bits(bits));
        assert!(digits.trim_end_matches('0').len() <= 768, "{bits:#x}");
    }
}

#[test]
fn a_hundred_thousand_digits_are_read_quickly() {
    // These must finish; 100,000 digits is more than a 64 KiB body can hold.
    let digits = "7".repeat(100_000);
    for text in [
        format!("0.{digits}"),
        format!("{digits}e-99990"),
        format!("{digits}e-100300"),
        format!("{digits}e-100330"),
        digits.clone(),
        format!("1.{}1", "0".repeat(100_000)),
        format!("0.{}1", "0".repeat(100_000)),
        format!("{}.5", "1".repeat(100_000)),
    ] {
        assert_same(&text);
    }
    let (half, places) = midpoint(1.0);
    let tied = format!("{half}{}e-{}", "0".repeat(100_000), places + 100_000);
    assert_eq!(parse_f64(&tied), Some(1.0));
    let above = format!("{half}{}1e-{}", "0".repeat(100_000), places + 100_001);
    assert_eq!(parse_f64(&above), Some(1.0 + f64::EPSILON));
}

#[test]
fn refuses_what_is_not_a_json_number() {
    for text in [
        "", "-", "+1", ".5", "1.", "1e", "1e+", "-e5", "1.e5", "inf", "NaN", " 1", "1 ", "0x10",
        "1_000", "1e5.5", "--1", "1.5.5",
    ] {
        assert_eq!(parse_f64(text), None, "{text:?}");
    }
}

#[test]
fn the_reader_and_the_filter_read_doubles_as_the_standard_library_does() {
    let (tie, places) = midpoint(1.0);
    let texts = [
        "0.1".to_string(),
        "-2.5e-3".to_string(),
        "1.7976931348623157e308".to_string(),
        "1.7976931348623159e308".to_string(),
        "5e-324".to_string(),
        "2.4703282292062328e-324".to_string(),
        "-0.0".to_string(),
        "1e-400".to_string(),
        format!("{tie}e-{places}"),
        format!("{tie}{}1e-{}", "0".repeat(900), places + 901),
        format!("0.{}", "3".repeat(2000)),
        "123456789012345678901234".to_string(),
    ];
    for text in &texts {
        assert_eq!(read_number(text), expected_number(text), "reader: {text}");
        assert_eq!(filter_number(text), expected_number(text), "filter: {text}");
    }
    // Inside a document, too; overflow is refused as before.
    let array = format!("[{}]", texts.join(","));
    assert!(json::parse(&array).is_err());
    let finite: Vec<&String> = texts.iter().filter(|t| expected(t).is_some()).collect();
    let array = format!(
        "[{}]",
        finite
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let read = json::parse(&array).ok();
    let want: Vec<Value> = finite
        .iter()
        .filter_map(|t| expected_number(t))
        .map(Value::Number)
        .collect();
    assert_eq!(read, Some(Value::Array(want)));
}
