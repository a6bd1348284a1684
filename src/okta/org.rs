//! The Okta org: its people and groups, the LeadIQ app instance with its connection,
//! features, mappings and assignments, and what Okta shows about each assignment.

use std::collections::{HashMap, HashSet};

use crate::engine::env::Env;

use super::actions::ActionError;
use super::connection::{Connection, Features};
use super::ids::{new_id, new_secret, throwaway_password, GROUP_PREFIX, PERSON_PREFIX};
use super::import::ImportReport;
use super::mapping::{MappingIssue, Mappings, Severity};
use super::people::{Group, Person, PersonStatus, Profile};
use super::tasks::TaskKind;

/// A failed provisioning task, as Okta lists it under Tasks and on the assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskError {
    /// What Okta was doing.
    pub kind: TaskKind,
    /// Okta's message, e.g. "Automatic provisioning of user … to app LeadIQ failed: …".
    pub message: String,
}

/// What Okta knows about one person's LeadIQ account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppUser {
    /// Okta id of the person.
    pub person: String,
    /// Assigned to the app individually (not only through a group).
    pub direct: bool,
    /// LeadIQ's id of the account Okta created or linked; empty when none.
    pub leadiq_id: String,
    /// Whether that account is active, as far as Okta knows.
    pub leadiq_active: bool,
    /// The last failed task, until it is retried successfully or dismissed.
    pub error: Option<TaskError>,
}

impl AppUser {
    pub(crate) fn new(person: &str) -> Self {
        Self {
            person: person.to_string(),
            direct: false,
            leadiq_id: String::new(),
            leadiq_active: false,
            error: None,
        }
    }

    /// Whether Okta holds a LeadIQ account for the person.
    pub fn is_linked(&self) -> bool {
        !self.leadiq_id.is_empty()
    }

    /// Whether the record carries nothing worth keeping.
    pub(crate) fn is_blank(&self) -> bool {
        !self.direct && !self.is_linked() && self.error.is_none()
    }
}

/// The result of the last "Test API Credentials".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialCheck {
    /// Whether Okta verified the connection.
    pub ok: bool,
    /// The message Okta shows.
    pub message: String,
    /// The sandbox's explanation of a failure whose cause lies in the connection.
    pub hint: Option<String>,
}

/// The LeadIQ app integration in the Okta org.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadiqApp {
    /// Provisioning connection, as typed.
    pub connection: Connection,
    /// To App features.
    pub features: Features,
    /// Attribute mappings, as last saved.
    pub mappings: Mappings,
    /// Ids of the groups assigned to the app, in assignment order.
    pub groups: Vec<String>,
    /// Okta's record of each person's LeadIQ account.
    pub users: Vec<AppUser>,
    /// The last "Test API Credentials" result.
    pub last_test: Option<CredentialCheck>,
}

/// An Okta org with the LeadIQ app. Plain data; the indexes that keep large orgs
/// fast are built per operation and never stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OktaOrg {
    pub(crate) people: Vec<Person>,
    pub(crate) groups: Vec<Group>,
    pub(crate) app: LeadiqApp,
    /// Secret the next throwaway passwords derive from; redrawn after every provisioning.
    pub(crate) secret: String,
    /// The last import's results: a view that a new import rebuilds, so never stored.
    pub(crate) last_import: Option<ImportReport>,
}

/// How Okta shows one person's LeadIQ assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProvisioningStatus {
    /// Assigned, but no LeadIQ account yet.
    NotProvisioned,
    /// Assigned, with an active LeadIQ account.
    Provisioned,
    /// The last task failed; the message says why.
    Error,
    /// Okta deactivated the LeadIQ account.
    Deprovisioned,
    /// No longer assigned in Okta, but the LeadIQ account is still active.
    StillActiveInLeadiq,
}

/// One row of the app's Assignments tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentView {
    /// Okta id of the person.
    pub person: String,
    /// Assigned individually.
    pub direct: bool,
    /// Names of the assigned groups the person belongs to.
    pub via_groups: Vec<String>,
    /// LeadIQ's id of the account, if any.
    pub leadiq_id: Option<String>,
    /// Status.
    pub status: ProvisioningStatus,
    /// One sentence explaining the status.
    pub detail: String,
}

impl OktaOrg {
    /// An empty org with the LeadIQ app added: Okta's template mappings, no connection,
    /// all To App features off.
    pub fn new(env: &mut dyn Env) -> Self {
        Self {
            people: Vec::new(),
            groups: Vec::new(),
            app: LeadiqApp::default(),
            secret: new_secret(env),
            last_import: None,
        }
    }

    /// An org with five people, a "Sales" group of three and an empty "Marketing" group,
    /// for a first walk-through.
    pub fn sample(env: &mut dyn Env) -> Self {
        let mut org = Self::new(env);
        let people = [
            (
                "ada.lovelace@example.com",
                "Ada",
                "Lovelace",
                "Account Executive",
            ),
            (
                "grace.hopper@example.com",
                "Grace",
                "Hopper",
                "Sales Manager",
            ),
            ("alan.turing@example.com", "Alan", "Turing", "SDR"),
            (
                "katherine.johnson@example.com",
                "Katherine",
                "Johnson",
                "Analyst",
            ),
            (
                "margaret.hamilton@example.com",
                "Margaret",
                "Hamilton",
                "Engineer",
            ),
        ];
        let mut ids = Vec::new();
        for (login, first, last, title) in people {
            let mut profile = Profile::new(login, first, last);
            profile.title = title.to_string();
            profile.department = if ids.len() < 3 { "Sales" } else { "R&D" }.to_string();
            ids.extend(org.add_person(profile, env).ok());
        }
        if let Ok(sales) = org.add_group("Sales", env) {
            let first_three: Vec<String> = ids.iter().take(3).cloned().collect();
            // The group is new and the ids are its own people, so this cannot fail.
            let _ = org.add_members(&sales, &first_three);
        }
        let _ = org.add_group("Marketing", env);
        org
    }

    /// Everyone in the org, in the order they were added.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The person with this Okta id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The person with this login, compared case-insensitively as Okta does.
    pub fn person_by_login(&self, login: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.profile.login.eq_ignore_ascii_case(login))
    }

    /// The groups, in the order they were created.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The LeadIQ app instance.
    pub fn app(&self) -> &LeadiqApp {
        &self.app
    }

    /// The result of the last import, with how Okta matched each LeadIQ user.
    pub fn last_import(&self) -> Option<&ImportReport> {
        self.last_import.as_ref()
    }

    /// Okta's record of a person's LeadIQ account.
    pub fn app_user(&self, person: &str) -> Option<&AppUser> {
        self.app.users.iter().find(|u| u.person == person)
    }

    /// Failed tasks, as Okta's Tasks page lists them: the person and the error, in
    /// directory order of the app's records.
    pub fn failed_tasks(&self) -> Vec<(&Person, &TaskError)> {
        let people: HashMap<&str, &Person> =
            self.people.iter().map(|p| (p.id.as_str(), p)).collect();
        self.app
            .users
            .iter()
            .filter_map(|u| Some((*people.get(u.person.as_str())?, u.error.as_ref()?)))
            .collect()
    }

    /// The exact `POST /Users` body Okta would send for `person` with `mappings` (saved or
    /// a draft), including the throwaway password the next provisioning will use.
    pub fn create_body(&self, mappings: &Mappings, person: &str) -> Option<String> {
        let person = self.person(person)?;
        let password = throwaway_password(&self.secret, &person.id);
        Some(
            mappings
                .evaluate(&person.profile)
                .create_body(&person.id, &password),
        )
    }

    /// Adds a person with status Active. Refuses what Okta's form refuses, and a login
    /// another person already has.
    pub fn add_person(
        &mut self,
        profile: Profile,
        env: &mut dyn Env,
    ) -> Result<String, ActionError> {
        check_profile(&profile)?;
        if self.person_by_login(&profile.login).is_some() {
            return Err(ActionError::LoginTaken(profile.login));
        }
        Ok(self.push_person(profile, env))
    }

    /// Adds many people at once, checking logins against one index instead of a scan per
    /// person. Stops at the first refused profile; the ones before it stay added.
    pub fn add_people(
        &mut self,
        profiles: Vec<Profile>,
        env: &mut dyn Env,
    ) -> Result<Vec<String>, ActionError> {
        let mut logins: HashSet<String> = self
            .people
            .iter()
            .map(|p| p.profile.login.to_ascii_lowercase())
            .collect();
        let mut ids = Vec::with_capacity(profiles.len());
        for profile in profiles {
            check_profile(&profile)?;
            if !logins.insert(profile.login.to_ascii_lowercase()) {
                return Err(ActionError::LoginTaken(profile.login));
            }
            ids.push(self.push_person(profile, env));
        }
        Ok(ids)
    }

    fn push_person(&mut self, profile: Profile, env: &mut dyn Env) -> String {
        let id = new_id(PERSON_PREFIX, env);
        self.people.push(Person {
            id: id.clone(),
            status: PersonStatus::Active,
            profile,
        });
        id
    }

    /// Creates an empty group; names are unique, compared case-insensitively.
    pub fn add_group(&mut self, name: &str, env: &mut dyn Env) -> Result<String, ActionError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ActionError::EmptyGroupName);
        }
        if self
            .groups
            .iter()
            .any(|g| g.name.eq_ignore_ascii_case(name))
        {
            return Err(ActionError::GroupNameTaken(name.to_string()));
        }
        let id = new_id(GROUP_PREFIX, env);
        self.groups.push(Group {
            id: id.clone(),
            name: name.to_string(),
            members: Vec::new(),
        });
        Ok(id)
    }

    /// Adds people to a group without provisioning anyone: for building a directory (an
    /// assigned group's new members are provisioned by the `AddToGroup` action instead).
    /// Refused for an assigned group. People already in the group are skipped.
    pub fn add_members(&mut self, group: &str, people: &[String]) -> Result<(), ActionError> {
        if self.app.groups.iter().any(|g| g == group) {
            return Err(ActionError::GroupAssigned(self.group_name(group)));
        }
        let known: HashSet<&str> = self.people.iter().map(|p| p.id.as_str()).collect();
        if let Some(unknown) = people.iter().find(|p| !known.contains(p.as_str())) {
            return Err(ActionError::UnknownPerson(unknown.clone()));
        }
        let slot = self
            .groups
            .iter_mut()
            .find(|g| g.id == group)
            .ok_or_else(|| ActionError::UnknownGroup(group.to_string()))?;
        let mut present: HashSet<String> = slot.members.iter().cloned().collect();
        for person in people {
            if present.insert(person.clone()) {
                slot.members.push(person.clone());
            }
        }
        Ok(())
    }

    /// Saves the provisioning connection; the last credential test no longer applies.
    pub fn set_connection(&mut self, connection: Connection) {
        if connection != self.app.connection {
            self.app.last_test = None;
        }
        self.app.connection = connection;
    }

    /// Saves the To App features. Nothing is sent: Okta applies them to later actions.
    pub fn set_features(&mut self, features: Features) {
        self.app.features = features;
    }

    /// Saves the mappings unless they have an error, as Okta's mapping editor refuses to;
    /// warnings do not block. Returns every issue found either way.
    pub fn save_mappings(
        &mut self,
        mappings: Mappings,
    ) -> Result<Vec<MappingIssue>, Vec<MappingIssue>> {
        let issues = mappings.validate();
        if issues.iter().any(|i| i.severity() == Severity::Error) {
            return Err(issues);
        }
        self.app.mappings = mappings;
        Ok(issues)
    }

    /// The Assignments tab: every person who is assigned, or whose LeadIQ account Okta
    /// still tracks, in directory order.
    pub fn assignments(&self) -> Vec<AssignmentView> {
        let index = Index::new(self);
        self.people
            .iter()
            .filter_map(|p| self.assignment_with(&index, p))
            .collect()
    }

    /// One person's row of the Assignments tab, if they have one.
    pub fn assignment(&self, person: &str) -> Option<AssignmentView> {
        let index = Index::new(self);
        self.assignment_with(&index, self.person(person)?)
    }

    fn assignment_with(&self, index: &Index<'_>, person: &Person) -> Option<AssignmentView> {
        let app_user = index.app_user(self, &person.id);
        let via_groups = index.assigning_groups(self, &person.id);
        let direct = app_user.is_some_and(|u| u.direct);
        let entitled =
            person.status != PersonStatus::Deactivated && (direct || !via_groups.is_empty());
        if !entitled && app_user.is_none_or(AppUser::is_blank) {
            return None;
        }
        let (status, detail) = self.status_of(person, app_user, entitled);
        Some(AssignmentView {
            person: person.id.clone(),
            direct,
            via_groups,
            leadiq_id: app_user
                .filter(|u| u.is_linked())
                .map(|u| u.leadiq_id.clone()),
            status,
            detail,
        })
    }

    fn status_of(
        &self,
        person: &Person,
        app_user: Option<&AppUser>,
        entitled: bool,
    ) -> (ProvisioningStatus, String) {
        use ProvisioningStatus as S;

        if let Some(error) = app_user.and_then(|u| u.error.as_ref()) {
            return (S::Error, error.message.clone());
        }
        let linked = app_user.filter(|u| u.is_linked());
        match (entitled, linked) {
            (true, None) => (S::NotProvisioned, self.why_not_provisioned(person)),
            (true, Some(u)) if u.leadiq_active => (
                S::Provisioned,
                match person.status {
                    PersonStatus::Suspended => format!(
                        "Provisioned as LeadIQ user {}. The person is suspended in Okta, \
                         which LeadIQ is not told about.",
                        u.leadiq_id
                    ),
                    _ => format!("Provisioned as LeadIQ user {}.", u.leadiq_id),
                },
            ),
            (true, Some(u)) => (
                S::Deprovisioned,
                format!(
                    "Assigned, but LeadIQ user {} is deactivated and Deactivate Users is \
                     off, so Okta does not reactivate it.",
                    u.leadiq_id
                ),
            ),
            (false, Some(u)) if u.leadiq_active => (
                S::StillActiveInLeadiq,
                format!(
                    "Unassigned in Okta, but LeadIQ user {} is still active: Deactivate \
                     Users was off.",
                    u.leadiq_id
                ),
            ),
            (false, Some(u)) => (
                S::Deprovisioned,
                format!("Unassigned; Okta deactivated LeadIQ user {}.", u.leadiq_id),
            ),
            (false, None) => (S::NotProvisioned, "Not assigned.".to_string()),
        }
    }

    fn why_not_provisioned(&self, person: &Person) -> String {
        if person.status == PersonStatus::Suspended {
            "Assigned, but the person is suspended: Okta provisions the account once they \
             are unsuspended."
                .to_string()
        } else if !self.app.features.create_users {
            "Assigned in Okta only: Create Users is off, so no LeadIQ account is created."
                .to_string()
        } else {
            "Assigned; no LeadIQ account yet: retry to provision.".to_string()
        }
    }

    /// Checks what the org's own operations keep true: unique person ids and logins,
    /// unique group ids and names, and that every group member, assigned group and app
    /// record names someone or something that exists, once. Used on stored data.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut ids = HashSet::new();
        let mut logins = HashSet::new();
        for person in &self.people {
            if !ids.insert(person.id.as_str()) {
                return Err(format!("two people share the id {}", person.id));
            }
            if !logins.insert(person.profile.login.to_ascii_lowercase()) {
                return Err(format!(
                    "two people share the login {}",
                    person.profile.login
                ));
            }
        }
        self.check_groups(&ids)?;
        let mut recorded = HashSet::new();
        for user in &self.app.users {
            if !ids.contains(user.person.as_str()) {
                return Err(format!(
                    "the app has a record of unknown person {}",
                    user.person
                ));
            }
            if !recorded.insert(user.person.as_str()) {
                return Err(format!("the app has two records of person {}", user.person));
            }
        }
        Ok(())
    }

    fn check_groups(&self, people: &HashSet<&str>) -> Result<(), String> {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for group in &self.groups {
            if !ids.insert(group.id.as_str()) {
                return Err(format!("two groups share the id {}", group.id));
            }
            if !names.insert(group.name.to_ascii_lowercase()) {
                return Err(format!("two groups share the name {}", group.name));
            }
            let mut members = HashSet::new();
            for member in &group.members {
                if !people.contains(member.as_str()) {
                    return Err(format!(
                        "group {} lists unknown person {member}",
                        group.name
                    ));
                }
                if !members.insert(member.as_str()) {
                    return Err(format!("group {} lists {member} twice", group.name));
                }
            }
        }
        let mut assigned = HashSet::new();
        for group in &self.app.groups {
            if !ids.contains(group.as_str()) {
                return Err(format!("the app is assigned to unknown group {group}"));
            }
            if !assigned.insert(group.as_str()) {
                return Err(format!("the app is assigned to group {group} twice"));
            }
        }
        Ok(())
    }

    pub(crate) fn group_name(&self, id: &str) -> String {
        self.group(id)
            .map_or_else(|| id.to_string(), |g| g.name.clone())
    }
}

fn check_profile(profile: &Profile) -> Result<(), ActionError> {
    let problems = profile.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ActionError::InvalidProfile(problems))
    }
}

/// Lookups built once per operation so that acting on a group of thousands stays linear.
pub(crate) struct Index<'a> {
    app_users: HashMap<&'a str, usize>,
    /// For each person in an assigned group, the positions of those groups.
    assigned: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(org: &'a OktaOrg) -> Self {
        let app_users = org
            .app
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (u.person.as_str(), i))
            .collect();
        let mut assigned: HashMap<&str, Vec<usize>> = HashMap::new();
        for (position, group) in org.groups.iter().enumerate() {
            if org.is_assigned(&group.id) {
                for member in &group.members {
                    assigned.entry(member.as_str()).or_default().push(position);
                }
            }
        }
        Self {
            app_users,
            assigned,
        }
    }

    pub(crate) fn app_user<'o>(&self, org: &'o OktaOrg, person: &str) -> Option<&'o AppUser> {
        let position = *self.app_users.get(person)?;
        org.app.users.get(position)
    }

    pub(crate) fn in_assigned_group(&self, person: &str) -> bool {
        self.assigned.contains_key(person)
    }

    /// Positions of the assigned groups `person` belongs to.
    pub(crate) fn assigned_groups(&self, person: &str) -> &[usize] {
        self.assigned.get(person).map_or(&[], Vec::as_slice)
    }

    fn assigning_groups(&self, org: &OktaOrg, person: &str) -> Vec<String> {
        self.assigned_groups(person)
            .iter()
            .filter_map(|&i| org.groups.get(i))
            .map(|g| g.name.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededEnv;
    use crate::okta::mapping::{Mapping, ScimTarget, Source, Transform};

    fn org_with_ada() -> (OktaOrg, String) {
        let mut env = SeededEnv::new(3);
        let mut org = OktaOrg::new(&mut env);
        let ada = Profile::new("ada@example.com", "Ada", "Lovelace");
        let id = org.add_person(ada, &mut env).unwrap_or_default();
        (org, id)
    }

    #[test]
    fn a_second_person_with_the_same_login_is_refused() {
        let (mut org, _) = org_with_ada();
        let twin = Profile::new("ADA@example.com", "Ada", "Twin");
        let refused = org.add_person(twin, &mut SeededEnv::new(4));
        assert_eq!(
            refused,
            Err(ActionError::LoginTaken("ADA@example.com".into()))
        );
    }

    #[test]
    fn the_body_preview_follows_draft_mappings() {
        let (org, ada) = org_with_ada();
        let mut draft = Mappings::okta_template();
        draft.set(Mapping {
            target: ScimTarget::UserName,
            source: Source::Constant("x@example.com".into()),
            transform: Transform::None,
        });
        let body = org.create_body(&draft, &ada).unwrap_or_default();
        assert!(body.contains(r#""userName":"x@example.com""#));
        assert!(body.contains(&format!(r#""externalId":"{ada}""#)));
    }

    #[test]
    fn invalid_mappings_are_not_saved_and_warnings_are() {
        let (mut org, _) = org_with_ada();
        let mut broken = Mappings::okta_template();
        broken.remove(ScimTarget::GivenName);
        assert!(org.save_mappings(broken).is_err());
        assert_eq!(org.app().mappings, Mappings::okta_template());
    }

    #[test]
    fn members_cannot_be_added_quietly_to_an_assigned_group() {
        let (mut org, ada) = org_with_ada();
        let group = org
            .add_group("Sales", &mut SeededEnv::new(5))
            .unwrap_or_default();
        org.app.groups.push(group.clone());
        let refused = org.add_members(&group, std::slice::from_ref(&ada));
        assert_eq!(refused, Err(ActionError::GroupAssigned("Sales".into())));
    }

    #[test]
    fn group_names_are_unique_and_required() {
        let (mut org, _) = org_with_ada();
        let mut env = SeededEnv::new(6);
        assert!(org.add_group("Sales", &mut env).is_ok());
        assert_eq!(
            org.add_group(" sales ", &mut env),
            Err(ActionError::GroupNameTaken("sales".into()))
        );
        assert_eq!(
            org.add_group("  ", &mut env),
            Err(ActionError::EmptyGroupName)
        );
    }

    #[test]
    fn the_sample_org_has_a_sales_group_of_three() {
        let org = OktaOrg::sample(&mut SeededEnv::new(8));
        assert_eq!(org.people().len(), 5);
        assert_eq!(org.groups()[0].members.len(), 3);
        assert!(org.assignments().is_empty());
    }
}
