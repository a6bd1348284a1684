//! What a trainee can do in the Okta org that may send requests to LeadIQ, and the local
//! half of each action: the change to Okta's own records and whom it concerns.

use std::collections::HashMap;
use std::fmt;

use super::org::{AppUser, OktaOrg, ProvisioningStatus};
use super::people::{PersonStatus, Profile};
use super::tasks::TaskKind;

/// An Okta action that may send requests to LeadIQ. People and groups are named by id.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
                status.label().to_ascii_lowercase()
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

/// The change an action makes to Okta's own records, checked but not yet made. Planning
/// reads the org as if the change were made; performing makes it. People and groups are
/// named by position.
#[derive(Debug, Default)]
pub(crate) enum Change {
    /// Nothing changes in Okta's records.
    #[default]
    Nothing,
    /// A person's individual assignment is added or removed.
    Direct { person: usize, assigned: bool },
    /// A group's assignment is added or removed.
    Group { group: usize, assigned: bool },
    /// A person joins or leaves a group.
    Member {
        group: usize,
        person: usize,
        member: bool,
    },
    /// A person's profile is replaced.
    Profile {
        person: usize,
        profile: Box<Profile>,
    },
    /// A person's status changes; deactivation also removes the individual assignment.
    Status { person: usize, status: PersonStatus },
    /// A person's failed task is dismissed.
    Dismiss { person: usize },
}

/// Whom a checked action concerns, and what Okta itself has to say about it.
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

/// A checked action: the change to make and whom it concerns.
pub(crate) type Checked = (Change, Scope);

impl OktaOrg {
    /// Checks `action` against the org without changing anything.
    pub(crate) fn check(&self, action: &Action) -> Result<Checked, ActionError> {
        match action {
            Action::TestCredentials => {
                Ok((Change::Nothing, Scope::app(TaskKind::TestCredentials)))
            }
            Action::Import => Ok((Change::Nothing, Scope::app(TaskKind::Import))),
            Action::AssignPerson(id) => self.check_assign(id),
            Action::UnassignPerson(id) => self.check_unassign(id),
            Action::AssignGroup(id) => self.check_group(id, true),
            Action::UnassignGroup(id) => self.check_group(id, false),
            Action::AddToGroup { group, person } => self.check_membership(group, person, true),
            Action::RemoveFromGroup { group, person } => {
                self.check_membership(group, person, false)
            }
            Action::EditProfile { person, profile } => self.check_profile(person, profile),
            Action::Suspend(id) => self.check_status(id, PersonStatus::Suspended),
            Action::Unsuspend(id) => self.check_status(id, PersonStatus::Active),
            Action::Deactivate(id) => self.check_status(id, PersonStatus::Deactivated),
            Action::Reactivate(id) => self.check_status(id, PersonStatus::Active),
            Action::Retry(id) => self.check_retry(id),
            Action::Dismiss(id) => self.check_dismiss(id),
        }
    }

    /// Makes a checked change.
    pub(crate) fn commit(&mut self, change: Change) {
        match change {
            Change::Nothing => {}
            Change::Direct { person, assigned } => {
                if let Some(id) = self.people.get(person).map(|p| p.id.clone()) {
                    self.app_user_mut(&id).direct = assigned;
                }
            }
            Change::Group { group, assigned } => {
                let Some(id) = self.groups.get(group).map(|g| g.id.clone()) else {
                    return;
                };
                self.app.groups.retain(|g| *g != id);
                if assigned {
                    self.app.groups.push(id);
                }
            }
            Change::Member {
                group,
                person,
                member,
            } => self.commit_member(group, person, member),
            Change::Profile { person, profile } => {
                if let Some(slot) = self.people.get_mut(person) {
                    slot.profile = *profile;
                }
            }
            Change::Status { person, status } => self.commit_status(person, status),
            Change::Dismiss { person } => {
                let id = self
                    .people
                    .get(person)
                    .map(|p| p.id.clone())
                    .unwrap_or_default();
                if let Some(user) = self.app.users.iter_mut().find(|u| u.person == id) {
                    user.error = None;
                }
            }
        }
    }

    fn commit_member(&mut self, group: usize, person: usize, member: bool) {
        let Some(id) = self.people.get(person).map(|p| p.id.clone()) else {
            return;
        };
        if let Some(slot) = self.groups.get_mut(group) {
            slot.members.retain(|m| *m != id);
            if member {
                slot.members.push(id);
            }
        }
    }

    fn commit_status(&mut self, person: usize, status: PersonStatus) {
        let Some(slot) = self.people.get_mut(person) else {
            return;
        };
        slot.status = status;
        if status == PersonStatus::Deactivated {
            let id = slot.id.clone();
            if let Some(user) = self.app.users.iter_mut().find(|u| u.person == id) {
                user.direct = false;
            }
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

    fn check_assign(&self, id: &str) -> Result<Checked, ActionError> {
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
        let change = Change::Direct {
            person: position,
            assigned: true,
        };
        Ok((change, Scope::person(position)))
    }

    fn check_unassign(&self, id: &str) -> Result<Checked, ActionError> {
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
        let change = Change::Direct {
            person: position,
            assigned: false,
        };
        Ok((change, Scope::person(position)))
    }

    fn assigning_group_names(&self, person: &str) -> Vec<String> {
        self.groups
            .iter()
            .filter(|g| self.is_assigned(&g.id) && g.members.iter().any(|m| m == person))
            .map(|g| g.name.clone())
            .collect()
    }

    pub(crate) fn is_assigned(&self, group: &str) -> bool {
        self.app.groups.iter().any(|g| g == group)
    }

    fn check_group(&self, id: &str, assign: bool) -> Result<Checked, ActionError> {
        let group = self.group_position(id)?;
        match (assign, self.is_assigned(id)) {
            (true, true) => return Err(ActionError::GroupAlreadyAssigned(self.group_name(id))),
            (false, false) => return Err(ActionError::GroupNotAssigned(self.group_name(id))),
            _ => {}
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
        let scope = Scope {
            people,
            ..Scope::default()
        };
        let change = Change::Group {
            group,
            assigned: assign,
        };
        Ok((change, scope))
    }

    fn check_membership(
        &self,
        group: &str,
        person: &str,
        add: bool,
    ) -> Result<Checked, ActionError> {
        let g = self.group_position(group)?;
        let position = self.position(person)?;
        let present = self
            .groups
            .get(g)
            .is_some_and(|g| g.members.iter().any(|m| m == person));
        let (who, name) = (self.name_at(position), self.group_name(group));
        match (add, present) {
            (true, true) => Err(ActionError::AlreadyMember {
                person: who,
                group: name,
            }),
            (false, false) => Err(ActionError::NotMember {
                person: who,
                group: name,
            }),
            _ => {
                let change = Change::Member {
                    group: g,
                    person: position,
                    member: add,
                };
                Ok((change, Scope::person(position)))
            }
        }
    }

    fn check_profile(&self, id: &str, profile: &Profile) -> Result<Checked, ActionError> {
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

        if self
            .people
            .get(position)
            .is_some_and(|p| p.profile == *profile)
        {
            let scope = Scope::default();
            let note = "Nothing changed in the profile: Okta sends nothing.".to_string();
            return Ok((Change::Nothing, scope.note(note)));
        }
        let change = Change::Profile {
            person: position,
            profile: Box::new(profile.clone()),
        };
        let mut scope = Scope::person(position);
        scope.push = true;
        Ok((change, scope))
    }

    fn check_status(&self, id: &str, to: PersonStatus) -> Result<Checked, ActionError> {
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

        let note = match (from, to) {
            (_, Suspended) => format!(
                "Okta sends nothing to LeadIQ when a person is suspended: {who}'s LeadIQ \
                 account, if any, stays active."
            ),
            (Suspended, Active) => format!(
                "Unsuspending sends nothing about the suspension itself: LeadIQ was never \
                 told that {who} was suspended."
            ),
            (_, Deactivated) => {
                format!("Deactivating removes {who}'s app assignments; group memberships stay.")
            }
            // Assumed (reactivation-restores-groups): memberships survive deactivation, so
            // reactivation brings group assignments back; individual ones were removed.
            _ => format!(
                "Assumed: Okta does not restore {who}'s individual app assignments on \
                 reactivation, but assignments through groups apply again."
            ),
        };
        let change = Change::Status {
            person: position,
            status: to,
        };
        Ok((change, Scope::person(position).note(note)))
    }

    fn check_retry(&self, id: &str) -> Result<Checked, ActionError> {
        let position = self.position(id)?;
        let error = self.app_user(id).and_then(|u| u.error.as_ref());
        let pending = self
            .assignment(id)
            .is_some_and(|a| a.status == ProvisioningStatus::NotProvisioned);
        if error.is_none() && !pending {
            return Err(ActionError::NothingToRetry(self.name_at(position)));
        }
        let mut scope = Scope::person(position);
        scope.push = error.is_some_and(|e| e.kind == TaskKind::PushProfile);
        Ok((Change::Nothing, scope))
    }

    fn check_dismiss(&self, id: &str) -> Result<Checked, ActionError> {
        let position = self.position(id)?;
        if self.app_user(id).is_none_or(|u| u.error.is_none()) {
            return Err(ActionError::NothingToRetry(self.name_at(position)));
        }
        let note = "Okta dismisses the task: nothing is sent.".to_string();
        Ok((
            Change::Dismiss { person: position },
            Scope::default().note(note),
        ))
    }
}
