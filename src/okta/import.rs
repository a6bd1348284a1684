//! Okta's import from LeadIQ: the users read page by page, and how Okta matches each one
//! to a person in the org.

use std::collections::HashMap;

use super::answers::RemoteUser;
use super::org::OktaOrg;
use crate::engine::text::fold_case;

/// How Okta matched one imported LeadIQ user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMatch {
    /// Okta already links this LeadIQ user to a person.
    Linked,
    /// The LeadIQ userName equals a person's Okta username: an exact match, which Okta
    /// can confirm automatically.
    ExactUserName,
    /// Only the email equals a person's primary email: a partial match the admin
    /// confirms by hand.
    Email,
    /// No person matches: Okta would list the user as unmatched.
    Unmatched,
}

impl ImportMatch {
    /// One sentence for the import results table.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Linked => "Already linked to this person.",
            Self::ExactUserName => {
                "Exact match on username: Okta can link them when the import is confirmed."
            }
            Self::Email => "Partial match on email: an admin must confirm the link.",
            Self::Unmatched => {
                "No match: Okta lists the LeadIQ user as unassigned; no person is created \
                 unless an admin chooses to."
            }
        }
    }
}

/// One imported LeadIQ user and its match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The user as LeadIQ listed it.
    pub user: RemoteUser,
    /// How Okta matched it.
    pub matched: ImportMatch,
    /// Okta id of the matched person.
    pub person: Option<String>,
}

/// The result of one import.
// Known shortcoming: matches are reported but cannot be confirmed, so an import never
// links people or creates them in Okta.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Every user read, in LeadIQ's order.
    pub rows: Vec<ImportRow>,
    /// False when the import stopped before reading every page.
    pub complete: bool,
    /// Okta's message when the import failed.
    pub error: Option<String>,
}

impl ImportReport {
    /// Matches `users` against `org`'s people: an existing link first, then the Okta
    /// username (case-insensitive), then the primary email.
    // Assumed (import-matching): link, then username, then primary email.
    pub(crate) fn build(org: &OktaOrg, users: &[RemoteUser], complete: bool) -> Self {
        let linked: HashMap<&str, &str> = org
            .app
            .users
            .iter()
            .filter(|u| u.is_linked())
            .map(|u| (u.leadiq_id.as_str(), u.person.as_str()))
            .collect();
        let mut by_login = HashMap::new();
        let mut by_email = HashMap::new();
        for person in &org.people {
            by_login.insert(
                fold_case(&person.profile.login).into_owned(),
                person.id.as_str(),
            );
            by_email
                .entry(fold_case(&person.profile.email).into_owned())
                .or_insert(person.id.as_str());
        }

        let rows = users
            .iter()
            .map(|user| {
                let (matched, person) = if let Some(p) = linked.get(user.id.as_str()) {
                    (ImportMatch::Linked, Some(*p))
                } else if let Some(p) = by_login.get(fold_case(&user.user_name).as_ref()) {
                    (ImportMatch::ExactUserName, Some(*p))
                } else if let Some(p) = email_match(&by_email, &user.email) {
                    (ImportMatch::Email, Some(p))
                } else {
                    (ImportMatch::Unmatched, None)
                };
                ImportRow {
                    user: user.clone(),
                    matched,
                    person: person.map(str::to_string),
                }
            })
            .collect();
        Self {
            rows,
            complete,
            error: None,
        }
    }

    /// A failed import.
    pub(crate) fn failed(message: &str) -> Self {
        Self {
            rows: Vec::new(),
            complete: false,
            error: Some(message.to_string()),
        }
    }

    /// How many rows matched this way.
    pub fn count(&self, matched: ImportMatch) -> usize {
        self.rows.iter().filter(|r| r.matched == matched).count()
    }
}

fn email_match<'a>(by_email: &HashMap<String, &'a str>, email: &str) -> Option<&'a str> {
    if email.is_empty() {
        return None;
    }
    by_email.get(fold_case(email).as_ref()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededEnv;
    use crate::okta::people::Profile;

    fn remote(id: &str, user_name: &str, email: &str) -> RemoteUser {
        RemoteUser {
            id: id.into(),
            user_name: user_name.into(),
            active: true,
            email: email.into(),
        }
    }

    #[test]
    fn users_match_by_link_then_username_then_email() {
        let mut env = SeededEnv::new(1);
        let mut org = OktaOrg::new(&mut env);
        let ada = Profile::new("ada@example.com", "Ada", "Lovelace");
        let ada = org.add_person(ada, &mut env).unwrap_or_default();
        let mut grace = Profile::new("grace@example.com", "Grace", "Hopper");
        grace.email = "g.hopper@example.com".into();
        let grace = org.add_person(grace, &mut env).unwrap_or_default();
        let mut linked = crate::okta::org::AppUser::new(&ada);
        linked.leadiq_id = "L1".into();
        org.app.users.push(linked);

        let users = [
            remote("L1", "someone-else", ""),
            remote("L2", "GRACE@example.com", ""),
            remote("L3", "gh", "G.Hopper@example.com"),
            remote("L4", "nobody@example.com", "nobody@example.com"),
        ];
        let report = ImportReport::build(&org, &users, true);

        let matches: Vec<_> = report.rows.iter().map(|r| r.matched).collect();
        assert_eq!(
            matches,
            [
                ImportMatch::Linked,
                ImportMatch::ExactUserName,
                ImportMatch::Email,
                ImportMatch::Unmatched
            ]
        );
        assert_eq!(report.rows[1].person.as_deref(), Some(grace.as_str()));
        assert_eq!(report.rows[2].person.as_deref(), Some(grace.as_str()));
        assert_eq!(report.rows[3].person, None);
    }

    #[test]
    fn an_empty_email_matches_nobody() {
        let mut env = SeededEnv::new(2);
        let org = OktaOrg::new(&mut env);
        let report = ImportReport::build(&org, &[remote("L1", "x", "")], true);
        assert_eq!(report.count(ImportMatch::Unmatched), 1);
    }
}
