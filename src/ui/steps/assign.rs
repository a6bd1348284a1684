//! Step 6: assigning people and groups in Okta, their lifecycle (suspend, deactivate,
//! retry), and LeadIQ's user list beside Okta's provisioning status. Every action button
//! previews its requests when hovered or focused, before it is clicked.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::engine::text::lowercase;
use crate::okta::ProvisioningStatus;
use crate::okta::{Action, AssignmentView, ImportMatch, ImportReport, PersonStatus};
use crate::state::Snapshot;
use crate::ui::context::Sandbox;
use crate::ui::erase::{list, live, maybe};
use crate::ui::facts::{Assumed, Documented};
use crate::ui::preview::{PlanSource, PreviewPanel};

/// Rows per page of the people and LeadIQ user tables, so large orgs stay responsive.
const PAGE: usize = 25;

/// How many import rows are listed; the counts cover all of them.
const IMPORT_ROWS: usize = 50;

/// What every action button needs: the sandbox, which action the preview shows, and
/// where a refusal is reported.
#[derive(Clone, Copy)]
struct Actor {
    sandbox: Sandbox,
    previewed: RwSignal<Option<Action>>,
    refusal: RwSignal<Option<String>>,
}

impl Actor {
    fn perform(&self, action: &Action) {
        let refused = self.sandbox.perform(action).err().map(|e| e.message());
        self.refusal.set(refused);
    }

    fn preview(&self, action: Action) {
        if self
            .previewed
            .with_untracked(|p| p.as_ref() != Some(&action))
        {
            self.previewed.set(Some(action));
        }
    }
}

/// The assignment workspace.
#[component]
pub fn AssignStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let actor = Actor {
        sandbox,
        previewed: RwSignal::new(None),
        refusal: RwSignal::new(None),
    };
    let plan: PlanSource = Box::new(move || match actor.previewed.get() {
        Some(action) => sandbox
            .state
            .with(|s| s.plan(&action))
            .map_err(|e| e.message()),
        None => Err(
            "Hover over or focus an action button to see the requests it sends \
                     before you click it."
                .into(),
        ),
    });
    // Known shortcoming: any change of the sandbox (an action, a step switch) rebuilds the
    // directory, one pass over the org; only a filter keystroke is cheap.
    let directory = Memo::new(move |_| sandbox.state.with(Directory::build));
    view! {
        <div class="step-body">
            <div class="workspace assign-workspace">
                {move || maybe(actor.refusal.get().map(|message| view! {
                    <p class="notice error" role="alert" data-testid="action-error">
                        {message}
                    </p>
                }))}
                <div class="assign-columns">
                    <PeopleTable actor=actor directory=directory />
                    <LeadiqUsers sandbox=sandbox />
                </div>
                <FailedTasks actor=actor />
                <GroupsPanel actor=actor directory=directory />
                <ImportPanel actor=actor />
                <Documented text="Assign users or groups in Okta to trigger provisioning to \
                                  LeadIQ." />
                <Assumed ids=&["reactivation", "reactivate-body", "suspended-pending",
                               "inactive-match"] />
            </div>
            <PreviewPanel sandbox=sandbox plan=plan />
        </div>
    }
}

/// A button that performs one Okta action and previews it on hover or focus.
#[component]
fn ActionButton(
    actor: Actor,
    action: Action,
    kind: &'static str,
    label: &'static str,
    /// What the button does, for screen readers (the row's person or group).
    aria: String,
) -> impl IntoView {
    let hovered = action.clone();
    let focused = action.clone();
    view! {
        <button
            type="button"
            class="action"
            data-action=kind
            aria-label=aria
            on:mouseenter=move |_| actor.preview(hovered.clone())
            on:focus=move |_| actor.preview(focused.clone())
            on:click=move |_| actor.perform(&action)
        >
            {label}
        </button>
    }
}

/// Previous and next page, with where the trainee is.
#[component]
fn Pager(
    page: RwSignal<usize>,
    total: impl Fn() -> usize + Copy + Send + Sync + 'static,
    what: &'static str,
) -> impl IntoView {
    // Arithmetic on two signals: recomputing is cheaper in the bundle than a memo each.
    let pages = move || total().div_ceil(PAGE).max(1);
    let shown = move || page.get().min(pages() - 1);
    let shown_now = move || untrack(shown);
    view! {
        <div class="pager">
            <button
                type="button"
                class="secondary"
                aria-label=format!("Previous page of {what}")
                prop:disabled=move || shown() == 0
                on:click=move |_| page.set(shown_now().saturating_sub(1))
            >
                "Previous"
            </button>
            <span aria-live="polite">
                {move || format!(
                    "Page {} of {} ({} {what})",
                    shown() + 1,
                    pages(),
                    total()
                )}
            </span>
            <button
                type="button"
                class="secondary"
                aria-label=format!("Next page of {what}")
                prop:disabled={move || shown() + 1 >= pages()}
                on:click=move |_| page.set(shown_now() + 1)
            >
                "Next"
            </button>
        </div>
    }
}

/// One person as the Okta table shows them.
#[derive(Clone, Debug, PartialEq)]
struct PersonRow {
    id: String,
    login: String,
    name: String,
    status: PersonStatus,
    assignment: Option<AssignmentView>,
}

/// One person as the searches of this step see them.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    id: String,
    login: String,
    name: String,
    status: PersonStatus,
    /// The login and the name lower-cased: what a filter is matched against.
    keys: (String, String),
}

impl Entry {
    /// Whether the login or the name contains `needle` (already lower-cased and trimmed).
    fn matches(&self, needle: &str) -> bool {
        needle.is_empty() || self.keys.0.contains(needle) || self.keys.1.contains(needle)
    }
}

/// What the people table and the member picker search, worked out once per change of
/// the sandbox so that a keystroke in a filter only filters.
#[derive(Clone, Debug, Default, PartialEq)]
struct Directory {
    /// Everyone, in directory order.
    people: Vec<Entry>,
    /// The LeadIQ assignment of everyone who has one, by Okta id.
    assignments: HashMap<String, AssignmentView>,
}

impl Directory {
    fn build(s: &Snapshot) -> Self {
        let people = s
            .okta
            .people()
            .iter()
            .map(|p| {
                let name = p.profile.full_name();
                Entry {
                    id: p.id.clone(),
                    login: p.profile.login.clone(),
                    keys: (lowercase(&p.profile.login), lowercase(&name)),
                    name,
                    status: p.status,
                }
            })
            .collect();
        let assignments = s
            .okta
            .assignments()
            .into_iter()
            .map(|a| (a.person.clone(), a))
            .collect();
        Self {
            people,
            assignments,
        }
    }

    /// Everyone whose login or name contains `filter`, ignoring case.
    fn matching<'a>(&'a self, filter: &str) -> impl Iterator<Item = &'a Entry> {
        let needle = lowercase(filter.trim());
        self.people.iter().filter(move |e| e.matches(&needle))
    }

    fn row(&self, entry: &Entry) -> PersonRow {
        PersonRow {
            id: entry.id.clone(),
            login: entry.login.clone(),
            name: entry.name.clone(),
            status: entry.status,
            assignment: self.assignments.get(&entry.id).cloned(),
        }
    }
}

/// The page of people whose login or name contains `filter`, and how many match in all.
fn people_page(directory: &Directory, filter: &str, page: usize) -> (Vec<PersonRow>, usize) {
    let matches: Vec<&Entry> = directory.matching(filter).collect();
    let total = matches.len();
    let last = total.saturating_sub(1) / PAGE;
    let rows = matches
        .iter()
        .skip(page.min(last) * PAGE)
        .take(PAGE)
        .map(|entry| directory.row(entry))
        .collect();
    (rows, total)
}

fn status_label(status: ProvisioningStatus) -> &'static str {
    match status {
        ProvisioningStatus::NotProvisioned => "Not provisioned",
        ProvisioningStatus::Provisioned => "Provisioned",
        ProvisioningStatus::Error => "Error",
        ProvisioningStatus::Deprovisioned => "Deprovisioned",
        ProvisioningStatus::StillActiveInLeadiq => "Still active in LeadIQ",
    }
}

fn status_class(status: ProvisioningStatus) -> &'static str {
    match status {
        ProvisioningStatus::NotProvisioned => "not-provisioned",
        ProvisioningStatus::Provisioned => "provisioned",
        ProvisioningStatus::Error => "error",
        ProvisioningStatus::Deprovisioned => "deprovisioned",
        ProvisioningStatus::StillActiveInLeadiq => "still-active",
    }
}

/// The actions valid for a person as they stand, as (action, data-action, label).
fn person_actions(row: &PersonRow) -> Vec<(Action, &'static str, &'static str)> {
    let id = row.id.clone();
    let assignment = row.assignment.as_ref();
    let direct = assignment.is_some_and(|a| a.direct);
    let via_group = assignment.is_some_and(|a| !a.via_groups.is_empty());
    let mut actions = Vec::new();

    if row.status == PersonStatus::Active && !direct {
        actions.push((Action::AssignPerson(id.clone()), "assign", "Assign"));
    }
    // Offered for a group-only assignment too: Okta's refusal explains why it cannot be.
    if direct || via_group {
        actions.push((Action::UnassignPerson(id.clone()), "unassign", "Unassign"));
    }
    match row.status {
        PersonStatus::Active => {
            actions.push((Action::Suspend(id.clone()), "suspend", "Suspend"));
            actions.push((Action::Deactivate(id.clone()), "deactivate", "Deactivate"));
        }
        PersonStatus::Suspended => {
            actions.push((Action::Unsuspend(id.clone()), "unsuspend", "Unsuspend"));
            actions.push((Action::Deactivate(id.clone()), "deactivate", "Deactivate"));
        }
        PersonStatus::Deactivated => {
            actions.push((Action::Reactivate(id.clone()), "reactivate", "Reactivate"));
        }
    }
    let status = assignment.map(|a| a.status);
    let pending = status == Some(ProvisioningStatus::NotProvisioned) && (direct || via_group);
    if status == Some(ProvisioningStatus::Error) || pending {
        actions.push((Action::Retry(id.clone()), "retry", "Retry"));
    }
    if status == Some(ProvisioningStatus::Error) {
        actions.push((Action::Dismiss(id), "dismiss", "Dismiss"));
    }
    actions
}

/// Okta's people with their LeadIQ assignment and the actions on them.
#[component]
fn PeopleTable(actor: Actor, directory: Memo<Directory>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let listing = Memo::new(move |_| {
        let page = page.get();
        filter.with(|f| directory.with(|d| people_page(d, f, page)))
    });
    let total = move || listing.with(|l| l.1);
    view! {
        <section class="okta-people" aria-labelledby="okta-people-heading">
            <h3 id="okta-people-heading">"Okta: people and their LeadIQ assignment"</h3>
            <label class="filter">
                "Filter by login or name "
                <input
                    type="search"
                    data-testid="people-filter"
                    prop:value=move || filter.get()
                    on:input=move |ev| {
                        filter.set(event_target_value(&ev));
                        page.set(0);
                    }
                />
            </label>
            <table class="people-table" data-testid="okta-people">
                <thead>
                    <tr>
                        <th scope="col">"Login"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Okta status"</th>
                        <th scope="col">"LeadIQ assignment"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || list(listing.get().0.into_iter().map(|row| view! {
                        <PersonLine actor=actor row=row />
                    }))}
                </tbody>
            </table>
            <Pager page=page total=total what="people" />
        </section>
    }
}

#[component]
fn PersonLine(actor: Actor, row: PersonRow) -> impl IntoView {
    let buttons = list(person_actions(&row).into_iter().map(|(action, kind, label)| {
        let aria = format!("{label} {}", row.login);
        view! { <ActionButton actor=actor action=action kind=kind label=label aria=aria /> }
    }));
    let assignment = row.assignment.clone().map(|a| {
        let how = match (a.direct, a.via_groups.is_empty()) {
            (true, true) => "direct".to_string(),
            (true, false) => format!("direct, and via {}", a.via_groups.join(", ")),
            (false, false) => format!("via {}", a.via_groups.join(", ")),
            (false, true) => "not assigned".to_string(),
        };
        view! {
            <span class=format!("prov {}", status_class(a.status)) data-testid="prov-status">
                {status_label(a.status)}
            </span>
            <span class="how">" (" {how} ")"</span>
            <br />
            <small class="detail">{a.detail}</small>
        }
    });
    view! {
        <tr data-person=row.login.clone() data-status=row.status.label()>
            <td><code>{row.login.clone()}</code></td>
            <td>{row.name.clone()}</td>
            <td data-testid="okta-status">{row.status.label()}</td>
            <td>{assignment.map_or_else(|| view! {
                <span class="muted" data-testid="prov-status">"Not assigned"</span>
            }.into_any(), IntoAny::into_any)}</td>
            <td class="actions">{buttons}</td>
        </tr>
    }
}

/// A failed task as Okta's Tasks page lists it: (person id, login, message).
type FailedRow = (String, String, String);

fn failed_rows(s: &Snapshot) -> Vec<FailedRow> {
    s.okta
        .failed_tasks()
        .into_iter()
        .map(|(p, e)| (p.id.clone(), p.profile.login.clone(), e.message.clone()))
        .collect()
}

/// Every failed task, whatever page its person is on, with Retry and Dismiss.
#[component]
fn FailedTasks(actor: Actor) -> impl IntoView {
    let state = actor.sandbox.state;
    live(move || {
        let rows = state.with(failed_rows);
        maybe((!rows.is_empty()).then(|| {
            let items = list(rows.into_iter().map(|(id, login, message)| {
                let retry = format!("Retry {login}");
                let dismiss = format!("Dismiss the failed task of {login}");
                view! {
                    <li data-failed=login.clone()>
                        <p>{message}</p>
                        <ActionButton actor=actor action=Action::Retry(id.clone())
                            kind="retry" label="Retry" aria=retry />
                        " "
                        <ActionButton actor=actor action=Action::Dismiss(id)
                            kind="dismiss" label="Dismiss" aria=dismiss />
                    </li>
                }
            }));
            view! {
                <section class="failed-tasks" aria-labelledby="failed-tasks-heading">
                    <h3 id="failed-tasks-heading">"Okta: failed provisioning tasks"</h3>
                    <ul data-testid="failed-tasks">{items}</ul>
                </section>
            }
        }))
    })
}

/// One page of LeadIQ's users as its admin UI lists them.
fn leadiq_page(s: &Snapshot, page: usize) -> AnyView {
    let users = s.tenant.users();
    let last = users.len().saturating_sub(1) / PAGE;
    list(
        users
            .iter()
            .skip(page.min(last) * PAGE)
            .take(PAGE)
            .map(|u| {
                let active = u.active();
                view! {
                    <tr data-user-name=u.user_name().to_string() data-active=active.to_string()>
                        <td><code>{u.user_name().to_string()}</code></td>
                        <td data-testid="leadiq-active">
                            {if active { "Active" } else { "Inactive" }}
                        </td>
                        <td><code>{u.id().to_string()}</code></td>
                        <td>{iso_time(u.created_millis())}</td>
                    </tr>
                }
            }),
    )
}

fn iso_time(millis: u64) -> String {
    // Milliseconds since 1970 fit f64 exactly for the next quarter of a million years.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    String::from(date.to_iso_string())
}

/// LeadIQ's own list of users, as its admin UI would show them.
#[component]
fn LeadiqUsers(sandbox: Sandbox) -> impl IntoView {
    let page = RwSignal::new(0usize);
    // A page is 25 rows drawn straight from the tenant: cheap enough to redraw on every
    // change of the sandbox without a memo in between.
    let total = move || sandbox.state.with(|s| s.tenant.users().len());
    view! {
        <section class="leadiq-users" aria-labelledby="leadiq-users-heading">
            <h3 id="leadiq-users-heading">"LeadIQ: users"</h3>
            <table data-testid="leadiq-users">
                <thead>
                    <tr>
                        <th scope="col">"userName"</th>
                        <th scope="col">"Active"</th>
                        <th scope="col">"id"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let page = page.get();
                        sandbox.state.with(|s| leadiq_page(s, page))
                    }}
                </tbody>
            </table>
            {move || maybe((total() == 0).then(|| view! {
                <p class="muted">"No LeadIQ users yet: assign someone in Okta."</p>
            }))}
            <Pager page=page total=total what="LeadIQ users" />
        </section>
    }
}

/// One group as the groups table shows it.
#[derive(Clone, Debug, PartialEq)]
struct GroupRow {
    id: String,
    name: String,
    members: usize,
    assigned: bool,
}

fn group_rows(s: &Snapshot) -> Vec<GroupRow> {
    let assigned = &s.okta.app().groups;
    s.okta
        .groups()
        .iter()
        .map(|g| GroupRow {
            id: g.id.clone(),
            name: g.name.clone(),
            members: g.members.len(),
            assigned: assigned.contains(&g.id),
        })
        .collect()
}

/// Groups with their assignment, and a form to change a group's members.
#[component]
fn GroupsPanel(actor: Actor, directory: Memo<Directory>) -> impl IntoView {
    let state = actor.sandbox.state;
    // Groups are few: recomputing their rows beats a memo's share of the bundle.
    let groups = move || state.with(group_rows);
    view! {
        <section class="okta-groups" aria-labelledby="okta-groups-heading">
            <h3 id="okta-groups-heading">"Okta: groups"</h3>
            <table data-testid="okta-groups">
                <thead>
                    <tr>
                        <th scope="col">"Group"</th>
                        <th scope="col">"Members"</th>
                        <th scope="col">"LeadIQ"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || list(groups().into_iter().map(|g| {
                        let (action, kind, label) = if g.assigned {
                            (Action::UnassignGroup(g.id.clone()), "unassign-group",
                             "Unassign group")
                        } else {
                            (Action::AssignGroup(g.id.clone()), "assign-group", "Assign group")
                        };
                        let aria = format!("{label} {}", g.name);
                        view! {
                            <tr data-group=g.name.clone()>
                                <td>{g.name.clone()}</td>
                                <td>{g.members.to_string()}</td>
                                <td>{if g.assigned { "Assigned" } else { "Not assigned" }}</td>
                                <td class="actions">
                                    <ActionButton
                                        actor=actor action=action kind=kind label=label aria=aria
                                    />
                                </td>
                            </tr>
                        }
                    }))}
                </tbody>
            </table>
            <MembershipForm actor=actor groups=groups directory=directory />
        </section>
    }
}

/// The membership change the form describes, or why it describes none.
fn membership(s: &Snapshot, group: &str, login: &str, add: bool) -> Result<Action, String> {
    let login = login.trim();
    if login.is_empty() {
        return Err("Choose a person: type part of a login or name and pick a suggestion.".into());
    }
    let person = s.okta.person_by_login(login).ok_or_else(|| {
        format!(
            "No person in Okta has the username \"{login}\": pick one of the suggestions, \
             which list the org's people."
        )
    })?;
    let group = s
        .okta
        .groups()
        .iter()
        .find(|g| g.id == group)
        .ok_or_else(|| "Choose a group first.".to_string())?;
    let (group, person) = (group.id.clone(), person.id.clone());
    Ok(if add {
        Action::AddToGroup { group, person }
    } else {
        Action::RemoveFromGroup { group, person }
    })
}

/// How many people the member picker suggests at once; typing narrows them down.
// Known shortcoming: only people not yet in the group are suggested, so removing a member
// means typing their login.
const MEMBER_CHOICES: usize = 20;

/// People not in `members` whose login or name contains `text`, at most
/// [`MEMBER_CHOICES`], as (login, name).
fn member_choices(
    directory: &Directory,
    members: &HashSet<&str>,
    text: &str,
) -> Vec<(String, String)> {
    directory
        .matching(text)
        .filter(|e| !members.contains(e.id.as_str()))
        .take(MEMBER_CHOICES)
        .map(|e| (e.login.clone(), e.name.clone()))
        .collect()
}

/// What the form says about the typed login before anything is clicked.
fn member_status(s: &Snapshot, group: &str, login: &str) -> String {
    let login = login.trim();
    if login.is_empty() {
        return "Type part of a login or name: the suggestions list people not yet in the \
                group."
            .to_string();
    }
    let Some(person) = s.okta.person_by_login(login) else {
        return format!("No person has the login \"{login}\" yet: keep typing or pick one.");
    };
    let who = format!("{} ({})", person.profile.full_name(), person.profile.login);
    match s.okta.group(group) {
        Some(g) if g.members.contains(&person.id) => format!("{who} is in {}.", g.name),
        Some(g) => format!("{who} is not in {}.", g.name),
        None => format!("{who}: choose a group."),
    }
}

/// Adds a person to a group, or removes them: a group select and a login field whose
/// suggestions are the org's people not yet in that group.
#[component]
fn MembershipForm(
    actor: Actor,
    groups: impl Fn() -> Vec<GroupRow> + Copy + Send + Sync + 'static,
    directory: Memo<Directory>,
) -> impl IntoView {
    let group = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let state = actor.sandbox.state;
    // The member set is rebuilt per keystroke, borrowing the group's ids: a pass over the
    // group, well under a millisecond for 10,000 members, and no memo in the bundle.
    let choices = move || {
        login.with(|l| {
            group.with(|g| {
                state.with(|s| {
                    let members: HashSet<&str> = s
                        .okta
                        .group(g)
                        .map(|g| g.members.iter().map(String::as_str).collect())
                        .unwrap_or_default();
                    directory.with(|d| member_choices(d, &members, l))
                })
            })
        })
    };
    let status = move || login.with(|l| group.with(|g| state.with(|s| member_status(s, g, l))));
    let build = move |add: bool| {
        let (g, l) = (group.get_untracked(), login.get_untracked());
        state.with_untracked(|s| membership(s, &g, &l, add))
    };
    let preview = move |add: bool| {
        if let Ok(action) = build(add) {
            actor.preview(action);
        }
    };
    let perform = move |add: bool| match build(add) {
        Ok(action) => actor.perform(&action),
        Err(why) => actor.refusal.set(Some(why)),
    };
    let button = move |add: bool, kind: &'static str, label: &'static str| {
        view! {
            <button
                type="button"
                class="action"
                data-action=kind
                on:mouseenter=move |_| preview(add)
                on:focus=move |_| preview(add)
                on:click=move |_| perform(add)
            >
                {label}
            </button>
        }
    };
    view! {
        <fieldset class="membership">
            <legend>"Group members"</legend>
            <label for="member-group">"Group "</label>
            <select
                id="member-group"
                data-testid="member-group"
                prop:value=move || group.get()
                on:change=move |ev| group.set(event_target_value(&ev))
            >
                <option value="">"Choose a group"</option>
                {move || list(groups().into_iter().map(|g| view! {
                    <option value=g.id.clone() selected=g.id == group.get_untracked()>
                        {g.name}
                    </option>
                }))}
            </select>
            " "
            <label for="member-login">"Person (login or name) "</label>
            <input
                id="member-login"
                type="text"
                autocomplete="off"
                list="member-candidates"
                data-testid="member-login"
                placeholder="ada"
                aria-describedby="member-status"
                prop:value=move || login.get()
                on:input=move |ev| login.set(event_target_value(&ev))
            />
            <datalist id="member-candidates" data-testid="member-candidates">
                {move || list(choices().into_iter().map(|(login, name)| view! {
                    <option value=login>{name}</option>
                }))}
            </datalist>
            " "
            {button(true, "add-member", "Add to group")}
            " "
            {button(false, "remove-member", "Remove from group")}
            <p id="member-status" class="muted" data-testid="member-status" aria-live="polite">
                {move || status()}
            </p>
        </fieldset>
    }
}

/// Import from LeadIQ, and how Okta matched each user it read.
#[component]
fn ImportPanel(actor: Actor) -> impl IntoView {
    let state = actor.sandbox.state;
    // Known shortcoming: the result is redrawn, and the report copied, on every change of
    // the sandbox while this step is open; a memo would compare the whole report instead.
    let report = move || state.with(|s| s.okta.last_import().cloned());
    let logins = move |person: &Option<String>| {
        person.as_ref().and_then(|id| {
            state.with_untracked(|s| s.okta.person(id).map(|p| p.profile.login.clone()))
        })
    };
    view! {
        <section class="okta-import" aria-labelledby="okta-import-heading">
            <h3 id="okta-import-heading">"Okta: import users from LeadIQ"</h3>
            <ActionButton
                actor=actor
                action=Action::Import
                kind="import"
                label="Import now"
                aria="Import users from LeadIQ".to_string()
            />
            {move || maybe(report().map(|r| view! {
                <ImportResult report=r logins=logins />
            }))}
        </section>
    }
}

const MATCHES: [(ImportMatch, &str); 4] = [
    (ImportMatch::Linked, "linked"),
    (ImportMatch::ExactUserName, "exact"),
    (ImportMatch::Email, "email"),
    (ImportMatch::Unmatched, "unmatched"),
];

#[component]
fn ImportResult(
    report: ImportReport,
    logins: impl Fn(&Option<String>) -> Option<String> + 'static,
) -> impl IntoView {
    let counts = MATCHES
        .iter()
        .map(|(m, name)| format!("{name}: {}", report.count(*m)))
        .collect::<Vec<_>>()
        .join(", ");
    let more = report.rows.len().saturating_sub(IMPORT_ROWS);
    let rows = list(report.rows.iter().take(IMPORT_ROWS).map(|row| {
        let name = MATCHES
            .iter()
            .find(|(m, _)| *m == row.matched)
            .map_or("", |(_, n)| n);
        view! {
            <tr data-user-name=row.user.user_name.clone() data-match=name>
                <td><code>{row.user.user_name.clone()}</code></td>
                <td>{if row.user.active { "Active" } else { "Inactive" }}</td>
                <td>{row.matched.describe()}</td>
                <td>{logins(&row.person).unwrap_or_default()}</td>
            </tr>
        }
    }));
    view! {
        <div data-testid="import-result">
            {maybe(report.error.clone().map(|e| view! { <p class="notice error">{e}</p> }))}
            <p>
                {format!("{} LeadIQ user(s) read", report.rows.len())}
                {if report.complete { "" } else { ", import stopped before the last page" }}
                ". " {counts}
            </p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"LeadIQ userName"</th>
                        <th scope="col">"Active"</th>
                        <th scope="col">"Match"</th>
                        <th scope="col">"Okta person"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {maybe((more > 0).then(|| {
                view! { <p class="muted">{format!("{more} more not listed.")}</p> }
            }))}
        </div>
    }
}
