//! The server's real [`Env`]: the wall clock and the operating system's randomness.

use crate::engine::{Env, SeededEnv};
use std::time::{SystemTime, UNIX_EPOCH};

/// Time from the system clock, bytes from the operating system's secure generator.
#[derive(Debug)]
pub struct SystemEnv {
    fallback: SeededEnv,
}

impl SystemEnv {
    /// A system environment, or why the operating system cannot supply random bytes.
    pub fn new() -> Result<SystemEnv, String> {
        let mut seed = [0u8; 8];
        getrandom::fill(&mut seed)
            .map_err(|e| format!("the operating system gave no random bytes ({e})"))?;
        Ok(SystemEnv {
            fallback: SeededEnv::new(u64::from_le_bytes(seed)),
        })
    }
}

impl Env for SystemEnv {
    fn now_millis(&mut self) -> u64 {
        let since = SystemTime::now().duration_since(UNIX_EPOCH);
        since.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        // The token is drawn at start-up, after `new` proved the source works; a later
        // failure only affects user ids, which then come from a generator seeded by it.
        if getrandom::fill(buf).is_err() {
            self.fallback.fill_random(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_bytes_differ_between_draws_and_time_is_now() {
        let mut env = SystemEnv::new().expect("this machine has an entropy source");
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        env.fill_random(&mut a);
        env.fill_random(&mut b);
        assert_ne!(a, b);
        assert!(env.now_millis() > SeededEnv::DEFAULT_START);
    }
}
