//! What a trainee can do in the Okta org that may send requests to LeadIQ, and the local
//! half of each action: the change to Okta's own records and whom it concerns.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::org::{AppUser, OktaOrg};
use super::people::{PersonStatus, Profile};
use super::tasks::TaskKind;

/// An Okta action that may send requests to LeadIQ. People and groups are named by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// "Test API Credentials" on the Integration tab.
    TestCredentials,
    /// Assign the app to one person.
    AssignPerson(String),
    /// Remove a person's individual assignment.
    UnassignPerson(String),
    /// Assign the app to a group.
    AssignGroup(String),
    /// Remove a group's assignment.
    UnassignGroup(String),
    /// Add a person to a group.
    AddToGroup {
        /// Group id.
        group: String,
        /// Person id.
        person: String,
    },
    /// Remove a person from a group.
    RemoveFromGroup {
        /// Group id.
        group: String,
        /// Person id.
        person: String,
    },
    /// Save a person's edited profile.
    EditProfile {
        /// Person id.
        person: String,
        /// The whole profile after the edit (boxed: it is by far the largest variant).
        profile: Box<Profile>,
    },
    /// Suspend a person.
    Suspend(String),
    /// Unsuspend a person.
    Unsuspend(String),
    /// Deactivate a person.
    Deactivate(String),
    /// Reactivate a deactivated person.
    Reactivate(String),
    /// Retry a person's failed (or not yet done) provisioning task.
    Retry(String),
    /// Dismiss a person's failed task without retrying it.
    Dismiss(String),
    /// Import users from LeadIQ.
    Import,
}

/// Why Okta refuses an action before sending anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ActionError {
    /// No person has this id.
    UnknownPerson(String),
    /// No group has this id.
    UnknownGroup(String),
    /// The person's status does not allow the action.
    WrongStatus {
        /// Person's name.
        person: String,
        /// Their status.
        status: PersonStatus,
        /// What was attempted, e.g. "assign LeadIQ to".
        attempted: String,
    },
    /// The person already has an individual assignment.
    AlreadyAssigned(String),
    /// The person has no individual assignment.
    NotAssigned(String),
    /// The person is assigned only through these groups.
    AssignedViaGroup {
        /// Person's name.
        person: String,
        /// Group names.
        groups: Vec<String>,
    },
    /// The group is already assigned.
    GroupAlreadyAssigned(String),
    /// The group is not assigned.
    GroupNotAssigned(String),
    /// The group is assigned, so membership changes must go through actions.
    GroupAssigned(String),
    /// The person is already in the group.
    AlreadyMember {
        /// Person's name.
        person: String,
        /// Group name.
        group: String,
    },
    /// The person is not in the group.
    NotMember {
        /// Person's name.
        person: String,
        /// Group name.
        group: String,
    },
    /// Okta's profile form refuses the profile.
    InvalidProfile(Vec<String>),
    /// Another person has this login.
    LoginTaken(String),
    /// A group has this name already.
    GroupNameTaken(String),
    /// A group needs a name.
    EmptyGroupName,
    /// The person has no failed or pending task.
    NothingToRetry(String),
}

impl ActionError {
    /// One sentence for the trainee.
    pub fn message(&self) -> String {
        match self {
            Self::UnknownPerson(id) => format!("No person has the id {id}."),
            Self::UnknownGroup(id) => format!("No group has the id {id}."),
            Self::WrongStatus {
                person,
                status,
                attempted,
            } => format!(
                "Okta cannot {attempted} {person}: the person is {}.",
                status.label().to_lowercase()
            ),
            Self::AlreadyAssigned(p) => format!("{p} is already assigned to LeadIQ."),
            Self::NotAssigned(p) => format!("{p} has no individual LeadIQ assignment."),
            Self::AssignedViaGroup { person, groups } => format!(
                "{person} is assigned through {}: remove them from the group or unassign \
                 the group instead.",
                groups.join(", ")
            ),
            Self::GroupAlreadyAssigned(g) => format!("Group {g} is already assigned to LeadIQ."),
            Self::GroupNotAssigned(g) => format!("Group {g} is not assigned to LeadIQ."),
            Self::GroupAssigned(g) => format!(
                "Group {g} is assigned to LeadIQ: change its members one by one so Okta \
                 provisions them."
            ),
            Self::AlreadyMember { person, group } => format!("{person} is already in {group}."),
            Self::NotMember { person, group } => format!("{person} is not in {group}."),
            Self::InvalidProfile(problems) => problems.join(" "),
            Self::LoginTaken(login) => format!("Another person already has the username {login}."),
            Self::GroupNameTaken(name) => format!("A group named {name} already exists."),
            Self::EmptyGroupName => "A group needs a name.".to_string(),
            Self::NothingToRetry(p) => format!("{p} has no failed or pending LeadIQ task."),
        }
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ActionError {}

/// Whom an applied action concerns, and what Okta itself has to say about it.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Positions of the people whose LeadIQ accounts Okta reconsiders, in order.
    pub(crate) people: Vec<usize>,
    /// A profile edit: push it if Update User Attributes is on.
    pub(crate) push: bool,
    /// A task about the whole app instead of people.
    pub(crate) app_task: Option<TaskKind>,
    /// Sentences about what Okta does without sending anything.
    pub(crate) notes: Vec<String>,
}

impl Scope {
    fn person(position: usize) -> Self {
        Self {
            people: vec![position],
            ..Self::default()
        }
    }

    fn app(kind: TaskKind) -> Self {
        Self {
            app_task: Some(kind),
            ..Self::default()
        }
    }

    fn note(mut self, note: String) -> Self {
        self.notes.push(note);
        self
    }
}

impl OktaOrg {
    /// Applies the Okta-side change of `action` and says whom it concerns. Checks
    /// everything before changing anything, so a refused action leaves the org as it was.
    pub(crate) fn apply(&mut self, action: &Action) -> Result<Scope, ActionError> {
        match action {
            Action::TestCredentials => Ok(Scope::app(TaskKind::TestCredentials)),
            Action::Import => Ok(Scope::app(TaskKind::Import)),
            Action::AssignPerson(id) => self.assign_person(id),
            Action::UnassignPerson(id) => self.unassign_person(id),
            Action::AssignGroup(id) => self.assign_group(id, true),
            Action::UnassignGroup(id) => self.assign_group(id, false),
            Action::AddToGroup { group, person } => self.change_membership(group, person, true),
            Action::RemoveFromGroup { group, person } => {
                self.change_membership(group, person, false)
            }
            Action::EditProfile { person, profile } => self.edit_profile(person, profile),
            Action::Suspend(id) => self.set_status(id, PersonStatus::Suspended),
            Action::Unsuspend(id) => self.set_status(id, PersonStatus::Active),
            Action::Deactivate(id) => self.set_status(id, PersonStatus::Deactivated),
            Action::Reactivate(id) => self.set_status(id, PersonStatus::Active),
            Action::Retry(id) => self.retry(id),
            Action::Dismiss(id) => self.dismiss(id),
        }
    }

    fn position(&self, id: &str) -> Result<usize, ActionError> {
        self.people
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| ActionError::UnknownPerson(id.to_string()))
    }

    fn group_position(&self, id: &str) -> Result<usize, ActionError> {
        self.groups
            .iter()
            .position(|g| g.id == id)
            .ok_or_else(|| ActionError::UnknownGroup(id.to_string()))
    }

    fn name_at(&self, position: usize) -> String {
        self.people
            .get(position)
            .map(|p| p.profile.full_name())
            .unwrap_or_default()
    }

    fn status_at(&self, position: usize) -> PersonStatus {
        self.people
            .get(position)
            .map(|p| p.status)
            .unwrap_or_default()
    }

    /// The app user of `person`, created blank when missing.
    pub(crate) fn app_user_mut(&mut self, person: &str) -> &mut AppUser {
        let position = match self.app.users.iter().position(|u| u.person == person) {
            Some(position) => position,
            None => {
                self.app.users.push(AppUser::new(person));
                self.app.users.len() - 1
            }
        };
        &mut self.app.users[position]
    }

    fn assign_person(&mut self, id: &str) -> Result<Scope, ActionError> {
        let position = self.position(id)?;
        let status = self.status_at(position);
        if status != PersonStatus::Active {
            // Okta assigns apps to active people only (its support article lists the
            // statuses that allow it; suspended and deactivated are not among them).
            return Err(ActionError::WrongStatus {
                person: self.name_at(position),
                status,
                attempted: "assign LeadIQ to".to_string(),
            });
        }
        if self.app_user(id).is_some_and(|u| u.direct) {
            return Err(ActionError::AlreadyAssigned(self.name_at(position)));
        }
        self.app_user_mut(id).direct = true;
        Ok(Scope::person(position))
    }

    fn unassign_person(&mut self, id: &str) -> Result<Scope, ActionError> {
        let position = self.position(id)?;
        if !self.app_user(id).is_some_and(|u| u.direct) {
            let groups = self.assigning_group_names(id);
            if groups.is_empty() {
                return Err(ActionError::NotAssigned(self.name_at(position)));
            }
            return Err(ActionError::AssignedViaGroup {
                person: self.name_at(position),
                groups,
            });
        }
        self.app_user_mut(id).direct = false;
        Ok(Scope::person(position))
    }

    fn assigning_group_names(&self, person: &str) -> Vec<String> {
        self.groups
            .iter()
            .filter(|g| self.app.groups.contains(&g.id) && g.members.iter().any(|m| m == person))
            .map(|g| g.name.clone())
            .collect()
    }

    fn assign_group(&mut self, id: &str, assign: bool) -> Result<Scope, ActionError> {
        let group = self.group_position(id)?;
        let name = self.group_name(id);
        let assigned = self.app.groups.iter().any(|g| g == id);
        match (assign, assigned) {
            (true, true) => return Err(ActionError::GroupAlreadyAssigned(name)),
            (false, false) => return Err(ActionError::GroupNotAssigned(name)),
            (true, false) => self.app.groups.push(id.to_string()),
            (false, true) => self.app.groups.retain(|g| g != id),
        }

        let positions: HashMap<&str, usize> = self
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let members = self
            .groups
            .get(group)
            .map_or(&[][..], |g| g.members.as_slice());
        let people = members
            .iter()
            .filter_map(|m| positions.get(m.as_str()).copied())
            .collect();
        Ok(Scope {
            people,
            ..Scope::default()
        })
    }

    fn change_membership(
        &mut self,
        group: &str,
        person: &str,
        add: bool,
    ) -> Result<Scope, ActionError> {
        let g = self.group_position(group)?;
        let position = self.position(person)?;
        let (who, name) = (self.name_at(position), self.group_name(group));
        let members = &mut self.groups[g].members;
        let present = members.iter().any(|m| m == person);
        match (add, present) {
            (true, true) => {
                return Err(ActionError::AlreadyMember {
                    person: who,
                    group: name,
                })
            }
            (false, false) => {
                return Err(ActionError::NotMember {
                    person: who,
                    group: name,
                })
            }
            (true, false) => members.push(person.to_string()),
            (false, true) => members.retain(|m| m != person),
        }
        Ok(Scope::person(position))
    }

    fn edit_profile(&mut self, id: &str, profile: &Profile) -> Result<Scope, ActionError> {
        let position = self.position(id)?;
        let problems = profile.problems();
        if !problems.is_empty() {
            return Err(ActionError::InvalidProfile(problems));
        }
        let taken = self
            .people
            .iter()
            .any(|p| p.id != id && p.profile.login.eq_ignore_ascii_case(&profile.login));
        if taken {
            return Err(ActionError::LoginTaken(profile.login.clone()));
        }

        let slot = &mut self.people[position].profile;
        if slot == profile {
            let scope = Scope::default();
            return Ok(scope.note("Nothing changed in the profile: Okta sends nothing.".into()));
        }
        *slot = profile.clone();
        let mut scope = Scope::person(position);
        scope.push = true;
        Ok(scope)
    }

    fn set_status(&mut self, id: &str, to: PersonStatus) -> Result<Scope, ActionError> {
        use PersonStatus::{Active, Deactivated, Suspended};

        let position = self.position(id)?;
        let from = self.status_at(position);
        let who = self.name_at(position);
        let (allowed, attempted) = match to {
            Suspended => (from == Active, "suspend"),
            Deactivated => (from != Deactivated, "deactivate"),
            Active if from == Suspended => (true, "unsuspend"),
            Active => (from == Deactivated, "reactivate"),
        };
        if !allowed {
            return Err(ActionError::WrongStatus {
                person: who,
                status: from,
                attempted: attempted.to_string(),
            });
        }

        self.people[position].status = to;
        let scope = Scope::person(position);
        match (from, to) {
            (_, Suspended) => Ok(scope.note(format!(
                "Okta sends nothing to LeadIQ when a person is suspended: {who}'s LeadIQ \
                 account, if any, stays active."
            ))),
            (Suspended, Active) => Ok(scope.note(format!(
                "Unsuspending sends nothing about the suspension itself: LeadIQ was never \
                 told that {who} was suspended."
            ))),
            (_, Deactivated) => {
                if let Some(user) = self.app.users.iter_mut().find(|u| u.person == id) {
                    user.direct = false;
                }
                Ok(scope.note(format!(
                    "Deactivating removes {who}'s app assignments; group memberships stay."
                )))
            }
            _ => Ok(scope.note(format!(
                "Assumed: Okta does not restore {who}'s individual app assignments on \
                 reactivation, but assignments through groups apply again."
            ))),
        }
    }

    fn retry(&mut self, id: &str) -> Result<Scope, ActionError> {
        let position = self.position(id)?;
        let has_error = self.app_user(id).is_some_and(|u| u.error.is_some());
        let pending = self
            .assignment(id)
            .is_some_and(|a| a.status == super::org::ProvisioningStatus::NotProvisioned);
        if !has_error && !pending {
            return Err(ActionError::NothingToRetry(self.name_at(position)));
        }
        let push = self
            .app_user(id)
            .and_then(|u| u.error.as_ref())
            .is_some_and(|e| e.kind == TaskKind::PushProfile);
        let mut scope = Scope::person(position);
        scope.push = push;
        Ok(scope)
    }

    fn dismiss(&mut self, id: &str) -> Result<Scope, ActionError> {
        let position = self.position(id)?;
        let user = self.app.users.iter_mut().find(|u| u.person == id);
        match user.filter(|u| u.error.is_some()) {
            Some(user) => {
                user.error = None;
                Ok(Scope::default().note("Okta dismisses the task: nothing is sent.".into()))
            }
            None => Err(ActionError::NothingToRetry(self.name_at(position))),
        }
    }
}
