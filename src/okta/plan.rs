//! Planning and performing actions, on one path: an action is applied to Okta's records,
//! Okta decides which tasks it owes LeadIQ, and each task's requests run against a dry run
//! of the tenant (a plan, no side effects) or against the tenant itself (performing).

use std::collections::{HashMap, HashSet};

use crate::engine::env::{Env, SeededEnv};
use crate::engine::http::{HttpRequest, HttpResponse};
use crate::engine::{DryRun, Tenant};

use super::actions::{Action, ActionError, Change, Scope};
use super::answers::{interpret, Answer};
use super::connection::Route;
use super::ids::{new_secret, throwaway_password};
use super::import::ImportReport;
use super::mapping::Mappings;
use super::org::{AppUser, CredentialCheck, Index, OktaOrg, TaskError};
use super::people::{PersonStatus, Profile};
use super::tasks::{run, Effect, Run, Stage, Task, TaskKind, Transport};

/// One request a plan expects Okta to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedStep {
    /// The full URL Okta will use.
    pub url: String,
    /// The request, byte for byte, its path relative to the typed base URL.
    pub request: HttpRequest,
    /// What Okta will conclude, given the answer LeadIQ's current state gives.
    pub expectation: String,
}

/// One task of a plan: the requests for one person (or for the app), in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedTask {
    /// What the task does.
    pub kind: TaskKind,
    /// Okta id of the person concerned.
    pub person: Option<String>,
    /// A short title, e.g. "Provision Ada Lovelace (ada@example.com)".
    pub title: String,
    /// The branch the current state takes, e.g. lookup then POST.
    pub steps: Vec<PlannedStep>,
    /// How the task is expected to end.
    pub outcome: String,
}

/// What an action will do: the requests Okta will send, in order, and what Okta does
/// without sending anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Tasks in the order Okta runs them.
    pub tasks: Vec<PlannedTask>,
    /// Sentences about what Okta does, or refrains from, without a request.
    pub notes: Vec<String>,
}

impl Plan {
    /// Every request of the plan, in sending order.
    pub fn requests(&self) -> Vec<&HttpRequest> {
        self.tasks
            .iter()
            .flat_map(|t| t.steps.iter().map(|s| &s.request))
            .collect()
    }
}

/// One request Okta sent, LeadIQ's answer, and what Okta concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// Okta id of the person concerned, if any.
    pub person: Option<String>,
    /// The request, its path relative to the typed base URL.
    pub request: HttpRequest,
    /// The full URL Okta used.
    pub url: String,
    /// LeadIQ's answer; `None` when Okta could not reach the URL.
    pub response: Option<HttpResponse>,
    /// What Okta concluded.
    pub conclusion: String,
}

/// What performing an action produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The exchanges, in order.
    pub exchanges: Vec<Exchange>,
    /// Sentences about what Okta did without a request (the plan's notes).
    pub notes: Vec<String>,
}

/// Why Okta sends nothing for a person although something changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Quiet {
    Suspended,
    CreateOff,
    UpdateOff,
    DeactivateOff,
    ReactivateOff,
    InvalidMappings,
}

impl Quiet {
    const ALL: [Quiet; 6] = [
        Self::Suspended,
        Self::CreateOff,
        Self::UpdateOff,
        Self::DeactivateOff,
        Self::ReactivateOff,
        Self::InvalidMappings,
    ];

    fn sentence(self, who: &str) -> String {
        match self {
            Self::Suspended => format!(
                "{who}: suspended, so Okta holds the provisioning until they are unsuspended \
                 (assumed)."
            ),
            Self::CreateOff => format!(
                "{who}: Create Users is off, so Okta records the assignment but creates no \
                 LeadIQ account."
            ),
            Self::UpdateOff => format!(
                "{who}: Update User Attributes is off, so the profile change stays in Okta."
            ),
            Self::DeactivateOff => format!(
                "{who}: Deactivate Users is off, so Okta sends nothing and the LeadIQ account \
                 stays active."
            ),
            Self::ReactivateOff => format!(
                "{who}: the LeadIQ account is deactivated and Deactivate Users is off, so Okta \
                 does not reactivate it."
            ),
            Self::InvalidMappings => format!(
                "{who}: the attribute mappings have errors, so Okta cannot build the request."
            ),
        }
    }
}

enum Decision {
    /// A task of this kind, about the LeadIQ account with this id (empty when none).
    Send(TaskKind, String),
    Quiet(Quiet),
    Nothing,
}

/// Names of up to three people, then how many more.
fn names(list: &[String]) -> String {
    let shown: Vec<&str> = list.iter().take(3).map(String::as_str).collect();
    match list.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// A person as an action leaves them: what Okta's reconciliation looks at.
struct Facts<'a> {
    id: &'a str,
    status: PersonStatus,
    profile: &'a Profile,
    direct: bool,
    in_group: bool,
    user: Option<&'a AppUser>,
}

impl OktaOrg {
    /// What `action` would send and why, given the tenant's current state. Changes
    /// nothing: Okta's records are read as the action would leave them, and LeadIQ's
    /// answers come from a dry run of the tenant, which costs in proportion to the plan.
    pub fn plan(&self, action: &Action, tenant: &Tenant) -> Result<Plan, ActionError> {
        self.plan_with(action, tenant, &self.app.mappings)
    }

    /// What `action` would send if `mappings` (a draft, say) were the saved mappings: the
    /// requests are exactly the ones [`OktaOrg::perform`] sends after
    /// [`OktaOrg::save_mappings`] of the same mappings. Mappings with errors send nothing,
    /// as saved ones cannot have errors; the plan's notes say so.
    pub fn plan_with(
        &self,
        action: &Action,
        tenant: &Tenant,
        mappings: &Mappings,
    ) -> Result<Plan, ActionError> {
        let (change, scope) = self.check(action)?;
        let (tasks, notes) = self.tasks_for(&change, &scope, mappings);

        let route = self.route(tenant);
        let mut forecast = Forecast {
            tenant: tenant.dry_run(),
            env: SeededEnv::new(0),
            route: &route,
            created: HashSet::new(),
        };
        let authorization = &self.app.connection.authorization;
        let tasks = tasks
            .iter()
            .map(|task| planned(task, run(task, &route, authorization, &mut forecast)))
            .collect();
        Ok(Plan { tasks, notes })
    }

    /// Performs `action`: changes Okta's records, sends the requests the plan shows to
    /// the tenant, and records what Okta concluded.
    pub fn perform(
        &mut self,
        action: &Action,
        tenant: &mut Tenant,
        env: &mut dyn Env,
    ) -> Result<Outcome, ActionError> {
        let (change, scope) = self.check(action)?;
        let (tasks, notes) = self.tasks_for(&change, &scope, &self.app.mappings);
        self.commit(change);

        let route = self.route(tenant);
        let authorization = self.app.connection.authorization.clone();
        let mut positions = self.app_user_positions();
        let mut exchanges = Vec::new();
        let mut wire = Wire {
            tenant,
            env,
            route: &route,
        };
        for task in &tasks {
            let run = run(task, &route, &authorization, &mut wire);
            self.record(&mut positions, task, &run);
            exchanges.extend(run.steps.into_iter().map(|step| Exchange {
                person: task.person.clone(),
                request: step.request,
                url: step.url,
                response: step.response,
                conclusion: step.conclusion,
            }));
        }

        if tasks.iter().any(|t| t.kind == TaskKind::Provision) {
            self.secret = new_secret(wire.env);
        }
        self.tidy(&scope);
        Ok(Outcome { exchanges, notes })
    }

    fn route(&self, tenant: &Tenant) -> Route {
        Route::resolve(&self.app.connection.base_url, tenant.base_url())
    }

    /// The tasks Okta owes LeadIQ once `change` is made, with `mappings` building the
    /// bodies, and notes for the rest.
    fn tasks_for(
        &self,
        change: &Change,
        scope: &Scope,
        mappings: &Mappings,
    ) -> (Vec<Task>, Vec<String>) {
        let mut notes = scope.notes.clone();
        if let Some(kind) = scope.app_task {
            return (vec![Task::app(kind)], notes);
        }

        let index = Index::new(self);
        let valid = mappings.is_valid();
        let mut tasks = Vec::new();
        let mut quiet: HashMap<Quiet, Vec<String>> = HashMap::new();
        for &position in &scope.people {
            let Some(facts) = self.facts(&index, change, position) else {
                continue;
            };
            match self.decide(&facts, scope.push, valid) {
                Decision::Send(kind, leadiq_id) => {
                    tasks.push(self.task(kind, &facts, &leadiq_id, mappings));
                }
                Decision::Quiet(why) => {
                    quiet
                        .entry(why)
                        .or_default()
                        .push(facts.profile.full_name());
                }
                Decision::Nothing => {}
            }
        }
        for why in Quiet::ALL {
            if let Some(people) = quiet.get(&why) {
                notes.push(why.sentence(&names(people)));
            }
        }
        if tasks.is_empty() && notes.is_empty() {
            notes.push("Okta has nothing to send to LeadIQ for this change.".to_string());
        }
        (tasks, notes)
    }

    /// The person at `position` as `change` leaves them. A group change concerns only
    /// that group's members, which is why joining an assigned group means "in a group".
    fn facts<'a>(
        &'a self,
        index: &Index<'a>,
        change: &'a Change,
        position: usize,
    ) -> Option<Facts<'a>> {
        let person = self.people.get(position)?;
        let user = index.app_user(self, &person.id);
        let groups = index.assigned_groups(&person.id);
        let mut facts = Facts {
            id: &person.id,
            status: person.status,
            profile: &person.profile,
            direct: user.is_some_and(|u| u.direct),
            in_group: !groups.is_empty(),
            user,
        };
        let others = |group: usize| groups.iter().any(|&g| g != group);
        match change {
            Change::Direct { person, assigned } if *person == position => facts.direct = *assigned,
            Change::Status { person, status } if *person == position => {
                facts.status = *status;
                facts.direct &= *status != PersonStatus::Deactivated;
            }
            Change::Profile { person, profile } if *person == position => facts.profile = profile,
            Change::Group { group, assigned } => facts.in_group = *assigned || others(*group),
            Change::Member {
                group,
                person,
                member,
            } if *person == position && self.group_assigned_at(*group) => {
                facts.in_group = *member || others(*group);
            }
            _ => {}
        }
        Some(facts)
    }

    fn group_assigned_at(&self, group: usize) -> bool {
        self.groups
            .get(group)
            .is_some_and(|g| self.is_assigned(&g.id))
    }

    /// Okta's reconciliation for one person: compare what should be (assigned or not)
    /// with what Okta knows of the LeadIQ account, and pick the task that closes the gap.
    fn decide(&self, facts: &Facts<'_>, push: bool, valid: bool) -> Decision {
        let features = self.app.features;
        let entitled =
            facts.status != PersonStatus::Deactivated && (facts.direct || facts.in_group);
        let linked = facts.user.filter(|u| u.is_linked());

        match (entitled, linked) {
            // Assumed (suspended-pending): provisioning waits for unsuspension.
            (true, None) if facts.status == PersonStatus::Suspended => {
                Decision::Quiet(Quiet::Suspended)
            }
            // Assumed (features-default-off): Create Users off sends no lookup either.
            (true, None) if !features.create_users => Decision::Quiet(Quiet::CreateOff),
            (true, None) if !valid => Decision::Quiet(Quiet::InvalidMappings),
            (true, None) => Decision::Send(TaskKind::Provision, String::new()),
            // Assumed (reactivate-remembered-id): the remembered id, no new lookup.
            (true, Some(u)) if !u.leadiq_active && features.deactivate_users => {
                Decision::Send(TaskKind::Reactivate, u.leadiq_id.clone())
            }
            (true, Some(u)) if !u.leadiq_active => Decision::Quiet(Quiet::ReactivateOff),
            (true, Some(_)) if push && !features.update_user_attributes => {
                Decision::Quiet(Quiet::UpdateOff)
            }
            (true, Some(_)) if push && !valid => Decision::Quiet(Quiet::InvalidMappings),
            (true, Some(u)) if push => Decision::Send(TaskKind::PushProfile, u.leadiq_id.clone()),
            (false, Some(u)) if u.leadiq_active && features.deactivate_users => {
                Decision::Send(TaskKind::Deactivate, u.leadiq_id.clone())
            }
            (false, Some(u)) if u.leadiq_active => Decision::Quiet(Quiet::DeactivateOff),
            _ => Decision::Nothing,
        }
    }

    fn task(
        &self,
        kind: TaskKind,
        facts: &Facts<'_>,
        leadiq_id: &str,
        mappings: &Mappings,
    ) -> Task {
        let mapped = mappings.evaluate(facts.profile);
        let body = match kind {
            TaskKind::Provision => {
                let password = throwaway_password(&self.secret, facts.id);
                mapped.create_body(facts.id, &password)
            }
            TaskKind::PushProfile => mapped.replace_body(leadiq_id, facts.id),
            _ => String::new(),
        };
        Task {
            kind,
            person: Some(facts.id.to_string()),
            subject: facts.profile.full_name(),
            user_name: mapped.user_name().to_string(),
            leadiq_id: leadiq_id.to_string(),
            body,
            activate_matches: self.app.features.deactivate_users,
        }
    }

    fn app_user_positions(&self) -> HashMap<String, usize> {
        self.app
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (u.person.clone(), i))
            .collect()
    }

    /// Writes what a finished task means into Okta's records.
    fn record(&mut self, positions: &mut HashMap<String, usize>, task: &Task, run: &Run) {
        match (task.kind, &run.effect) {
            (TaskKind::TestCredentials, effect) => self.record_test(effect, run),
            (TaskKind::Import, Effect::Imported { users, complete }) => {
                self.last_import = Some(ImportReport::build(self, users, *complete));
            }
            (TaskKind::Import, Effect::Failed(message)) => {
                self.last_import = Some(ImportReport::failed(message));
            }
            (kind, effect) => {
                let Some(person) = &task.person else {
                    return;
                };
                let user = self.app_user_at(positions, person);
                apply_effect(user, kind, effect);
            }
        }
    }

    fn record_test(&mut self, effect: &Effect, run: &Run) {
        let (ok, message) = match effect {
            Effect::Verified => (true, "LeadIQ was verified successfully!".to_string()),
            Effect::Failed(message) => (false, message.clone()),
            _ => return,
        };
        let hint = match run.steps.last() {
            Some(step) => step.hint.clone(),
            None if !ok => {
                Some("Okta sends nothing until the base URL is a valid https:// URL.".to_string())
            }
            None => None,
        };
        self.app.last_test = Some(CredentialCheck { ok, message, hint });
    }

    fn app_user_at(
        &mut self,
        positions: &mut HashMap<String, usize>,
        person: &str,
    ) -> &mut AppUser {
        let position = *positions.entry(person.to_string()).or_insert_with(|| {
            self.app.users.push(AppUser::new(person));
            self.app.users.len() - 1
        });
        &mut self.app.users[position]
    }

    /// Drops what Okta forgets: failed tasks of people no longer assigned and without a
    /// LeadIQ account, then records that carry nothing.
    fn tidy(&mut self, scope: &Scope) {
        let index = Index::new(self);
        let forgotten: HashSet<String> = scope
            .people
            .iter()
            .filter_map(|&i| self.people.get(i))
            .filter(|p| {
                let user = index.app_user(self, &p.id);
                let entitled = p.status != PersonStatus::Deactivated
                    && (user.is_some_and(|u| u.direct) || index.in_assigned_group(&p.id));
                !entitled && !user.is_some_and(AppUser::is_linked)
            })
            .map(|p| p.id.clone())
            .collect();
        drop(index);
        for user in self.app.users.iter_mut() {
            if forgotten.contains(&user.person) {
                user.error = None;
            }
        }
        self.app.users.retain(|u| !u.is_blank());
    }
}

fn apply_effect(user: &mut AppUser, kind: TaskKind, effect: &Effect) {
    match effect {
        Effect::Created { id } => link(user, id, true),
        Effect::Linked { id, active } => link(user, id, *active),
        Effect::Deactivated => {
            user.leadiq_active = false;
            user.error = None;
        }
        Effect::Reactivated => {
            user.leadiq_active = true;
            user.error = None;
        }
        Effect::Pushed => user.error = None,
        Effect::Failed(message) => {
            user.error = Some(TaskError {
                kind,
                message: message.clone(),
            });
        }
        Effect::Verified | Effect::Imported { .. } => {}
    }
}

fn link(user: &mut AppUser, id: &str, active: bool) {
    user.leadiq_id = id.to_string();
    user.leadiq_active = active;
    user.error = None;
}

fn planned(task: &Task, run: Run) -> PlannedTask {
    let outcome = match &run.effect {
        Effect::Created { .. } => "A new LeadIQ account; the person is provisioned.".to_string(),
        Effect::Linked { id, .. } if id.is_empty() => {
            "Linked to the LeadIQ user a create earlier in this plan makes.".to_string()
        }
        Effect::Linked { id, .. } => format!("Linked to existing LeadIQ user {id}."),
        Effect::Deactivated => "The LeadIQ account is deactivated.".to_string(),
        Effect::Reactivated => "The LeadIQ account is active again.".to_string(),
        Effect::Pushed => "The profile change reaches LeadIQ.".to_string(),
        Effect::Verified => "LeadIQ was verified successfully!".to_string(),
        Effect::Imported { .. } => "Every LeadIQ user is read and matched.".to_string(),
        Effect::Failed(message) => message.clone(),
    };
    let steps = run
        .steps
        .into_iter()
        .map(|s| PlannedStep {
            url: s.url,
            request: s.request,
            expectation: s.conclusion,
        })
        .collect();
    PlannedTask {
        kind: task.kind,
        person: task.person.clone(),
        title: task.title(),
        steps,
        outcome,
    }
}

/// The request the engine receives: the same, its path made relative to the tenant's
/// base; `None` when nothing at that host answers.
fn deliver<'r>(
    route: &Route,
    request: &'r HttpRequest,
) -> Option<std::borrow::Cow<'r, HttpRequest>> {
    match route {
        Route::Engine { prefix, .. } if prefix.is_empty() => {
            Some(std::borrow::Cow::Borrowed(request))
        }
        Route::Engine { prefix, .. } => {
            let mut moved = request.clone();
            moved.path = format!("{prefix}{}", request.path);
            Some(std::borrow::Cow::Owned(moved))
        }
        _ => None,
    }
}

/// Sends to the tenant itself.
struct Wire<'a> {
    tenant: &'a mut Tenant,
    env: &'a mut dyn Env,
    route: &'a Route,
}

impl Transport for Wire<'_> {
    fn send(&mut self, stage: &Stage, request: &HttpRequest) -> (Option<HttpResponse>, Answer) {
        let Some(request) = deliver(self.route, request) else {
            return (None, Answer::Unreachable);
        };
        let response = self.tenant.handle(&request, self.env);
        let answer = interpret(&response, stage.expect());
        (Some(response), answer)
    }
}

/// Sends to a dry run of the tenant, so that a plan sees the answers LeadIQ's current
/// state gives, each task seeing what the earlier ones did, without changing anything.
///
/// Ids, times and ETags of what the dry run writes come from its own fixed env, not the
/// env the action will be performed with, so they are never shown: the id of a user the
/// plan creates is left out of every answer, and the responses themselves are not kept.
/// Everything a plan shows is then what performing gives.
// Known shortcoming: a plan keeps no response bodies, because what the dry run writes
// carries ids, times and ETags from a fixed env that performing draws anew.
struct Forecast<'a> {
    tenant: DryRun<'a>,
    env: SeededEnv,
    route: &'a Route,
    /// Ids the dry run gave the users it created.
    created: HashSet<String>,
}

impl Forecast<'_> {
    /// Hides ids the dry run made up, which the real env would draw differently.
    fn forget_made_up(&mut self, stage: &Stage, answer: &mut Answer) {
        match (stage, answer) {
            (Stage::Create, Answer::User(user)) => {
                self.created.insert(std::mem::take(&mut user.id));
            }
            (_, Answer::User(user)) if self.created.contains(&user.id) => user.id.clear(),
            (_, Answer::List { users, .. }) => users
                .iter_mut()
                .filter(|u| self.created.contains(&u.id))
                .for_each(|u| u.id.clear()),
            _ => {}
        }
    }
}

impl Transport for Forecast<'_> {
    fn send(&mut self, stage: &Stage, request: &HttpRequest) -> (Option<HttpResponse>, Answer) {
        let Some(request) = deliver(self.route, request) else {
            return (None, Answer::Unreachable);
        };
        let response = self.tenant.handle(&request, &mut self.env);
        let mut answer = interpret(&response, stage.expect());
        self.forget_made_up(stage, &mut answer);
        (None, answer)
    }
}
