//! The tenant's users in creation order, with the indexes that answer lookups by id,
//! userName and externalId without a scan. Only the list is stored; the indexes are
//! rebuilt on load by [`UserStore::from_users`], which also rejects stored data that breaks
//! the invariants.
//!
//! The request handlers see users through [`Users`], which the store implements and so
//! does an [`Overlay`]: the store read-only, plus the users a dry run created or changed.

use super::text::fold_case;
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
    fold_case(user_name).into_owned()
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
        self.by_name_key(&name_key(user_name))
    }

    /// Position of the user whose [`name_key`] is `key`.
    fn by_name_key(&self, key: &str) -> Option<usize> {
        self.by_name.get(key).copied()
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

/// What the request handlers need of a tenant's users: positions in creation order, the
/// three lookups, and the two writes (a new user, or a change to `active` and `meta`).
pub(crate) trait Users {
    /// How many users there are.
    fn len(&self) -> usize;

    /// The user at `index`.
    fn get(&self, index: usize) -> Option<&User>;

    /// Position of the user with this id (case-sensitive).
    fn by_id(&self, id: &str) -> Option<usize>;

    /// Position of the user with this userName (case-insensitive).
    fn by_user_name(&self, user_name: &str) -> Option<usize>;

    /// Positions of the users with this externalId (case-sensitive), oldest first.
    fn by_external_id(&self, external_id: &str) -> Vec<usize>;

    /// Appends a user whose id and userName the caller has checked are free.
    fn push(&mut self, user: User) -> usize;

    /// The user at `index`, for a change that leaves id, userName and externalId alone.
    fn get_mut(&mut self, index: usize) -> Option<&mut User>;
}

impl Users for UserStore {
    fn len(&self) -> usize {
        self.users.len()
    }

    fn get(&self, index: usize) -> Option<&User> {
        UserStore::get(self, index)
    }

    fn by_id(&self, id: &str) -> Option<usize> {
        UserStore::by_id(self, id)
    }

    fn by_user_name(&self, user_name: &str) -> Option<usize> {
        UserStore::by_user_name(self, user_name)
    }

    fn by_external_id(&self, external_id: &str) -> Vec<usize> {
        UserStore::by_external_id(self, external_id).to_vec()
    }

    fn push(&mut self, user: User) -> usize {
        UserStore::push(self, user)
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut User> {
        UserStore::get_mut(self, index)
    }
}

/// A store seen through a dry run: reads fall through to the store, writes stay here.
/// A changed user is copied on its first change and a new one is appended after the
/// store's users, so positions, lookups and paging answer as if the writes were real,
/// and the cost is in proportion to what the dry run touched, not to the store.
#[derive(Debug)]
pub(crate) struct Overlay<'a> {
    base: &'a UserStore,
    changed: HashMap<usize, User>,
    added: UserStore,
}

impl<'a> Overlay<'a> {
    /// An overlay over `base` with nothing written yet.
    pub fn new(base: &'a UserStore) -> Self {
        Self {
            base,
            changed: HashMap::new(),
            added: UserStore::default(),
        }
    }

    /// How many users the writes so far created or changed.
    pub fn touched(&self) -> usize {
        self.changed.len() + self.added.users.len()
    }

    fn base_len(&self) -> usize {
        self.base.users.len()
    }

    /// A position in `added`, shifted past the store's users.
    fn shifted(&self, index: Option<usize>) -> Option<usize> {
        index.map(|i| i + self.base_len())
    }
}

impl Users for Overlay<'_> {
    fn len(&self) -> usize {
        self.base_len() + self.added.users.len()
    }

    fn get(&self, index: usize) -> Option<&User> {
        match index.checked_sub(self.base_len()) {
            Some(at) => self.added.get(at),
            None => self.changed.get(&index).or_else(|| self.base.get(index)),
        }
    }

    fn by_id(&self, id: &str) -> Option<usize> {
        self.base
            .by_id(id)
            .or_else(|| self.shifted(self.added.by_id(id)))
    }

    fn by_user_name(&self, user_name: &str) -> Option<usize> {
        let key = name_key(user_name);
        self.base
            .by_name_key(&key)
            .or_else(|| self.shifted(self.added.by_name_key(&key)))
    }

    fn by_external_id(&self, external_id: &str) -> Vec<usize> {
        let shift = self.base_len();
        let added = self.added.by_external_id(external_id).iter();
        let mut found = self.base.by_external_id(external_id).to_vec();
        found.extend(added.map(|i| i + shift));
        found
    }

    fn push(&mut self, user: User) -> usize {
        self.added.push(user) + self.base_len()
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut User> {
        match index.checked_sub(self.base_len()) {
            Some(at) => self.added.get_mut(at),
            None => {
                let original = self.base.get(index)?;
                Some(
                    self.changed
                        .entry(index)
                        .or_insert_with(|| original.clone()),
                )
            }
        }
    }
}
