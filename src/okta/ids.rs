//! Okta-style object ids and the throwaway passwords Okta puts in its create requests.
//!
//! Both come from the caller's [`Env`], so a seeded run repeats itself byte for byte.

use crate::engine::env::Env;
use crate::engine::sha256;

/// Okta's id alphabet: ids such as `00u1abCD2efGH3ijK4l5` use letters and digits only.
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Prefix of Okta user ids.
pub const PERSON_PREFIX: &str = "00u";

/// Prefix of Okta group ids.
pub const GROUP_PREFIX: &str = "00g";

/// Length of every Okta object id, prefix included.
pub const ID_LEN: usize = 20;

/// Length of the throwaway password Okta sends with a new user.
const PASSWORD_LEN: usize = 16;

/// A new 20-character id such as `00u…` drawn from `env`'s random bytes.
pub(crate) fn new_id(prefix: &str, env: &mut dyn Env) -> String {
    let mut bytes = [0u8; ID_LEN];
    env.fill_random(&mut bytes);

    let mut id = String::with_capacity(ID_LEN);
    id.push_str(prefix);
    let tail = bytes.iter().take(ID_LEN.saturating_sub(prefix.len()));
    id.extend(tail.map(|b| base62(*b)));
    id
}

/// A fresh secret from which the throwaway passwords of the next creates derive.
pub(crate) fn new_secret(env: &mut dyn Env) -> String {
    let mut bytes = [0u8; 16];
    env.fill_random(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The throwaway password Okta sends when it creates `person_id`'s LeadIQ account.
///
/// It derives from a secret drawn from the env rather than from the env itself, so that
/// a plan can show the very password the action will then send.
// Assumed (throwaway-password): 16 letters and digits, new for every run.
pub(crate) fn throwaway_password(secret: &str, person_id: &str) -> String {
    sha256::digest(format!("{secret}:{person_id}").as_bytes())
        .iter()
        .take(PASSWORD_LEN)
        .map(|b| base62(*b))
        .collect()
}

fn base62(byte: u8) -> char {
    let index = usize::from(byte) % BASE62.len();
    BASE62.get(index).map_or('0', |b| char::from(*b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::env::SeededEnv;

    #[test]
    fn person_ids_have_okta_shape() {
        let id = new_id(PERSON_PREFIX, &mut SeededEnv::new(1));
        assert_eq!(id.len(), ID_LEN);
        assert!(id.starts_with("00u"));
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn ids_repeat_for_a_seed_and_differ_between_draws() {
        let (mut a, mut b) = (SeededEnv::new(9), SeededEnv::new(9));
        let first = new_id(GROUP_PREFIX, &mut a);
        assert_eq!(first, new_id(GROUP_PREFIX, &mut b));
        assert_ne!(first, new_id(GROUP_PREFIX, &mut a));
    }

    #[test]
    fn passwords_depend_on_secret_and_person() {
        let p = throwaway_password("s1", "00uA");
        assert_eq!(p.len(), PASSWORD_LEN);
        assert_eq!(p, throwaway_password("s1", "00uA"));
        assert_ne!(p, throwaway_password("s2", "00uA"));
        assert_ne!(p, throwaway_password("s1", "00uB"));
    }
}
