//! Decimal number text to the nearest `f64`, for the JSON reader and the filter parser.
//!
//! core's `str::parse::<f64>` is fast but big: its Eisel-Lemire table of 128-bit powers of
//! five and its decimal fallback cost the browser bundle about 9 KB. The sandbox reads a
//! few numbers per request, so this parser is built for size: an exact fast path for
//! short numbers, and otherwise exact big-integer arithmetic with a single rounding step.
//! It gives the very double `str::parse::<f64>` gives for every JSON number, rounding
//! half to even, subnormals included (`tests/engine_json_float.rs` compares the two).

use std::cmp::Ordering;

/// Significant digits kept before the rest are folded into one sticky digit. Every
/// rounding boundary of f64 (a midpoint between neighbouring doubles, or the overflow
/// threshold) is a dyadic fraction with at most 768 significant decimal digits, so a
/// boundary lying between the truncated value T·10^k and (T+1)·10^k (T having 800
/// digits) would be a multiple of 10^(k+32): it can only be one of those ends. Any number
/// strictly between them, such as T·10^k plus one digit 1 below the last kept digit,
/// therefore rounds exactly as the full digit string does.
const MAX_DIGITS: usize = 800;

/// Exponents are saturated here: far beyond any double, yet small enough that adding the
/// digit count of any text that fits in memory cannot overflow an `i64`.
const EXPONENT_CAP: i64 = 1 << 40;

/// The double nearest to `text`, a JSON number: an optional `-`, digits, optionally `.`
/// and digits, optionally `e` or `E`, a sign and digits (leading zeros are tolerated).
///
/// Ties round to even, as `str::parse::<f64>` does, and the result is that of
/// `str::parse::<f64>` bit for bit, `-0.0` included. `None` if `text` is not such a
/// number, or if its value rounds to infinity.
///
/// ```
/// use leadiq_scim_sandbox::engine::json::parse_f64;
///
/// assert_eq!(parse_f64("-2.5e-3"), Some(-0.0025));
/// assert_eq!(parse_f64("1e-400"), Some(0.0));
/// assert_eq!(parse_f64("1.7976931348623159e308"), None);
/// assert_eq!(parse_f64("1."), None);
/// ```
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let bytes = unsigned.as_bytes();
    let int_end = digits_end(bytes, 0);
    let mut at = int_end;
    let mut frac_start = at;
    if bytes.get(at) == Some(&b'.') {
        frac_start = at + 1;
        at = digits_end(bytes, frac_start);
        if at == frac_start {
            return None;
        }
    }
    let frac_end = at;
    let mut exponent = 0i64;
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        let exp_negative = bytes.get(at) == Some(&b'-');
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exp_start = at;
        at = digits_end(bytes, exp_start);
        if at == exp_start {
            return None;
        }
        for byte in bytes.get(exp_start..at).unwrap_or_default() {
            exponent = (exponent * 10 + i64::from(byte - b'0')).min(EXPONENT_CAP);
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    if int_end == 0 || at != bytes.len() {
        return None;
    }

    let int = bytes.get(..int_end).unwrap_or_default();
    let frac = bytes.get(frac_start..frac_end).unwrap_or_default();
    let frac_len = i64::try_from(frac.len()).unwrap_or(EXPONENT_CAP);
    // The value is D · 10^exp10, D the integer of the kept digits.
    let mut exp10 = exponent - frac_len;
    let mut digits = Vec::new();
    let mut dropped_nonzero = false;
    for digit in int.iter().chain(frac).map(|byte| byte - b'0') {
        if digits.is_empty() && digit == 0 {
            continue;
        }
        if digits.len() < MAX_DIGITS {
            digits.push(digit);
        } else {
            exp10 += 1;
            dropped_nonzero |= digit != 0;
        }
    }
    if dropped_nonzero {
        // See MAX_DIGITS: one digit 1 stands for the nonzero tail.
        digits.push(1);
        exp10 -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp10 += 1;
    }

    let magnitude = magnitude(&digits, exp10)?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The index just past the run of ASCII digits starting at `from`.
fn digits_end(bytes: &[u8], from: usize) -> usize {
    let run = bytes.get(from..).unwrap_or_default();
    from + run.iter().take_while(|byte| byte.is_ascii_digit()).count()
}

/// The double nearest to D · 10^exp10, where `digits` are the decimal digits of D with no
/// leading or trailing zeros; `None` if that rounds to infinity.
fn magnitude(digits: &[u8], exp10: i64) -> Option<f64> {
    // Digit counts are far below EXPONENT_CAP, so the conversion cannot fail.
    let count = i64::try_from(digits.len()).unwrap_or(EXPONENT_CAP);
    // D · 10^exp10 lies in [10^(count + exp10 - 1), 10^(count + exp10)). Below 10^-324
    // it is under half the smallest subnormal (2.47e-324); from 10^309 on it is above
    // f64::MAX (1.80e308). Between those bounds the big integers below stay small.
    if digits.is_empty() || count + exp10 <= -324 {
        return Some(0.0);
    }
    if count + exp10 > 309 {
        return None;
    }

    // Clinger's fast path: D and 10^|exp10| are both exact doubles, so one correctly
    // rounded multiplication or division gives the correctly rounded result.
    if count <= 15 && exp10.unsigned_abs() <= 22 {
        let whole = digits.iter().fold(0u64, |acc, &d| acc * 10 + u64::from(d));
        let power = (0..exp10.unsigned_abs()).fold(1.0f64, |power, _| power * 10.0);
        let whole = whole as f64;
        return Some(if exp10 < 0 {
            whole / power
        } else {
            whole * power
        });
    }

    // The value as the exact fraction num / den.
    let mut num = Vec::new();
    for &digit in digits {
        mul_add(&mut num, 10, u32::from(digit));
    }
    let mut den = vec![1];
    for _ in 0..exp10.unsigned_abs() {
        mul_add(if exp10 < 0 { &mut den } else { &mut num }, 10, 0);
    }

    // Scale by 2^shift so the quotient lies in [2^54, 2^56): at least two bits below the
    // 53 of a mantissa, so the rounding step sees a half bit and the sticky remainder
    // stays below it.
    let shift = bit_len(&den) - bit_len(&num) + 55;
    shl(&mut num, shift.max(0));
    shl(&mut den, (-shift).max(0) + 55);
    // Binary long division, one quotient bit per step: the remainder is doubled instead
    // of the divisor halved, which keeps `den` (now the divisor times 2^55) fixed.
    let mut quotient = 0u64;
    for _ in 0..56 {
        quotient <<= 1;
        if compare(&num, &den) != Ordering::Less {
            sub(&mut num, &den);
            quotient |= 1;
        }
        shl(&mut num, 1);
    }
    let sticky = num.iter().any(|&limb| limb != 0);
    round(quotient, -shift, sticky)
}

/// The double nearest to (`q` + `sticky` · ε) · 2^`exp2`, where ε is positive and less
/// than 1; ties round to even. `None` if that rounds to infinity.
fn round(q: u64, exp2: i64, sticky: bool) -> Option<f64> {
    if q == 0 {
        return Some(0.0);
    }
    // With the top bit of q at bit 63, at least 11 bits fall below the mantissa, so the
    // sticky part can only ever break a tie, never make one.
    let zeros = q.leading_zeros();
    let q = u128::from(q << zeros);
    let exp2 = exp2 - i64::from(zeros);
    // The weight of the mantissa's last bit: 53 bits in all, or fewer for a subnormal.
    let last = (exp2 + 11).max(-1074);
    if last > 971 {
        return None;
    }
    // From 65 dropped bits on, the value is below half the smallest subnormal.
    let dropped = u32::try_from(last - exp2).unwrap_or(65).min(65);
    let mantissa = q >> dropped;
    let rest = q - (mantissa << dropped);
    let half = 1u128 << (dropped - 1);
    let up = rest > half || (rest == half && (sticky || mantissa & 1 == 1));
    // A carry to 2^53 moves into the next binade by itself: the mantissa's top bit adds to
    // the exponent field; so does 2^52 at the bottom, where subnormals become normal.
    let exponent_field = u64::try_from(last + 1074).unwrap_or(0);
    let bits = (mantissa as u64 + u64::from(up)) + (exponent_field << 52);
    Some(f64::from_bits(bits)).filter(|f| f.is_finite())
}

/// `n = n · factor + add`, for a little-endian big integer of 32-bit limbs.
fn mul_add(n: &mut Vec<u32>, factor: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in n.iter_mut() {
        let wide = u64::from(*limb) * u64::from(factor) + carry;
        *limb = wide as u32;
        carry = wide >> 32;
    }
    if carry != 0 {
        n.push(carry as u32);
    }
}

/// The number of bits of `n` up to its highest set bit.
fn bit_len(n: &[u32]) -> i64 {
    match n.iter().rposition(|&limb| limb != 0) {
        Some(top) => {
            let top_bits = n.get(top).map_or(0, |limb| 32 - limb.leading_zeros());
            32 * top as i64 + i64::from(top_bits)
        }
        None => 0,
    }
}

/// `n = n · 2^bits`.
fn shl(n: &mut Vec<u32>, bits: i64) {
    let whole = usize::try_from(bits / 32).unwrap_or(0);
    let part = u32::try_from(bits % 32).unwrap_or(0);
    n.splice(0..0, std::iter::repeat_n(0, whole));
    let mut carry = 0;
    for limb in n.iter_mut() {
        let wide = u64::from(*limb) << part;
        *limb = wide as u32 | carry;
        carry = (wide >> 32) as u32;
    }
    if carry != 0 {
        n.push(carry);
    }
}

/// How `a` compares with `b`; either may carry zero limbs at the top.
fn compare(a: &[u32], b: &[u32]) -> Ordering {
    let limb = |n: &[u32], i: usize| n.get(i).copied().unwrap_or(0);
    (0..a.len().max(b.len()))
        .rev()
        .map(|i| limb(a, i).cmp(&limb(b, i)))
        .find(|order| order.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// `a = a - b`, for `a` at least `b`.
fn sub(a: &mut [u32], b: &[u32]) {
    let mut borrow = false;
    for (i, limb) in a.iter_mut().enumerate() {
        let (low, under_b) = limb.overflowing_sub(b.get(i).copied().unwrap_or(0));
        let (low, under_borrow) = low.overflowing_sub(u32::from(borrow));
        *limb = low;
        borrow = under_b || under_borrow;
    }
}
