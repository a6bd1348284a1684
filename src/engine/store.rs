//! The tenant's users in creation order, with the indexes that answer lookups by id,
//! userName and externalId without a scan. Only the list is stored; the indexes are
//! rebuilt on load by [`UserStore::from_users`], which also rejects stored data that breaks
//! the invariants.

use super::user::User;
use std::collections::HashMap;

/// Users plus their lookup indexes.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct UserStore {
    users: Vec<User>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    by_external: HashMap<String, Vec<usize>>,
}

/// The key that makes userName unique: Unicode lowercase, so `ADA@example.com` and
/// `ada@example.com` clash as RFC 7643 §4.1.1 requires ("caseExact": false).
pub(crate) fn name_key(user_name: &str) -> String {
    user_name.to_lowercase()
}

impl UserStore {
    /// Builds the indexes over `users`, refusing duplicates and invalid entries.
    pub fn from_users(users: Vec<User>) -> Result<Self, String> {
        let mut store = UserStore::default();
        for user in users {
            user.check_stored()?;
            if store.by_id.contains_key(user.id()) {
                return Err(format!("two stored users share the id {}", user.id()));
            }
            if store.by_user_name(user.user_name()).is_some() {
                return Err(format!(
                    "two stored users share the userName {}",
                    user.user_name()
                ));
            }
            store.push(user);
        }
        Ok(store)
    }

    /// Appends a user whose id and userName the caller has checked are free.
    // Known shortcoming: there is no cap on the number of users; only memory (and the
    // browser's storage quota, for the UI) bounds a tenant.
    pub fn push(&mut self, user: User) -> usize {
        let index = self.users.len();
        self.by_id.insert(user.id().to_string(), index);
        self.by_name.insert(name_key(user.user_name()), index);
        if let Some(external) = user.external_id() {
            self.by_external
                .entry(external.to_string())
                .or_default()
                .push(index);
        }
        self.users.push(user);
        index
    }

    /// All users, oldest first.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// The user at `index`.
    pub fn get(&self, index: usize) -> Option<&User> {
        self.users.get(index)
    }

    /// The user at `index`, for a change that leaves id, userName and externalId alone.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut User> {
        self.users.get_mut(index)
    }

    /// Position of the user with this id (case-sensitive).
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Position of the user with this userName (case-insensitive).
    pub fn by_user_name(&self, user_name: &str) -> Option<usize> {
        self.by_name.get(&name_key(user_name)).copied()
    }

    /// Positions of the users with this externalId (case-sensitive), oldest first.
    pub fn by_external_id(&self, external_id: &str) -> &[usize] {
        self.by_external.get(external_id).map_or(&[], Vec::as_slice)
    }

    /// Checks that every index agrees with the list; used by tests after hostile input.
    pub fn check_invariants(&self) -> Result<(), String> {
        let rebuilt = UserStore::from_users(self.users.clone())?;
        let same = rebuilt.by_id == self.by_id
            && rebuilt.by_name == self.by_name
            && rebuilt.by_external == self.by_external;
        if same {
            Ok(())
        } else {
            Err("an index disagrees with the user list".to_string())
        }
    }
}
