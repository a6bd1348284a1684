//! Where time and randomness come from, so the caller can fix both.
//!
//! The engine and the Okta model never read the clock or an entropy source directly:
//! they ask an [`Env`]. Tests and UI previews use [`SeededEnv`], which makes the same
//! script of requests yield byte-identical responses; the browser passes one backed
//! by `Date.now()` and `crypto.getRandomValues`.

/// A source of the current time and of random bytes.
pub trait Env {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&mut self) -> u64;
    /// Fills `buf` with random bytes (ids, tokens).
    fn fill_random(&mut self, buf: &mut [u8]);
}

/// A deterministic [`Env`]: time starts at a fixed instant and moves by a fixed step on
/// every read; bytes come from a seeded SplitMix64 generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeededEnv {
    /// The time the next call to [`Env::now_millis`] returns.
    pub next_millis: u64,
    /// How far time moves after each read.
    pub step_millis: u64,
    /// Generator state.
    pub state: u64,
}

impl SeededEnv {
    /// 2026-01-01T00:00:00Z, the default start of sandbox time in tests.
    pub const DEFAULT_START: u64 = 1_767_225_600_000;

    /// A generator seeded with `seed`, starting at [`Self::DEFAULT_START`], one second a read.
    pub fn new(seed: u64) -> Self {
        Self {
            next_millis: Self::DEFAULT_START,
            step_millis: 1000,
            state: seed,
        }
    }

    fn next_u64(&mut self) -> u64 {
        // SplitMix64: tiny, full-period and good enough for non-secret test bytes.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Env for SeededEnv {
    fn now_millis(&mut self) -> u64 {
        let now = self.next_millis;
        self.next_millis = self.next_millis.saturating_add(self.step_millis);
        now
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// Formats Unix milliseconds as an RFC 3339 UTC timestamp with millisecond precision,
/// e.g. `2026-01-01T00:00:00.000Z`, the form SCIM `meta` dates use.
pub fn format_rfc3339(millis: u64) -> String {
    let secs = millis / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        millis % 1000
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_epoch_and_a_leap_day() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_rfc3339(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(
            format_rfc3339(SeededEnv::DEFAULT_START),
            "2026-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn seeded_env_repeats_itself() {
        let (mut a, mut b) = (SeededEnv::new(7), SeededEnv::new(7));
        let (mut x, mut y) = ([0u8; 20], [0u8; 20]);
        a.fill_random(&mut x);
        b.fill_random(&mut y);
        assert_eq!(x, y);
        assert_ne!(x, [0u8; 20]);
        assert_eq!(a.now_millis() + 1000, a.now_millis());
    }
}
