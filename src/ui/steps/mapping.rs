//! Step 5: the attribute mapping editor. Edits go into a draft checked live; the draft is
//! saved only when it has no error, and the plan of assigning a chosen person with the
//! draft (the requests, and the branch LeadIQ's users make it take) follows every keystroke.

use leptos::prelude::*;

use crate::engine::text::contains_ignore_case;
use crate::okta::{Action, ActionError, Plan};
use crate::okta::{Mapping, MappingIssue, Mappings, ProfileAttr, ScimTarget, Severity};
use crate::okta::{Source, Transform};
use crate::state::Snapshot;
use crate::ui::context::Sandbox;
use crate::ui::erase::{list, maybe};
use crate::ui::facts::{Assumed, Documented};
use crate::ui::preview::{PlanView, RevealToggle};

/// How many people the preview's person list offers at once; a filter finds the rest.
const PERSON_CHOICES: usize = 100;

/// The value of the source select that stands for a constant.
const CONSTANT: &str = "constant";

/// The attribute mapping workspace.
#[component]
pub fn MappingStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    // The saved mappings are read where needed rather than memoised: each memo type costs
    // the bundle about half a kilobyte, and these reads are cheap.
    let saved = move || {
        sandbox
            .state
            .with_untracked(|s| s.okta.app().mappings.clone())
    };
    let draft = RwSignal::new(saved());
    let issues = Memo::new(move |_| draft.with(Mappings::validate));
    let notice = RwSignal::new(None::<(bool, String)>);

    let save = move |_| {
        let result = sandbox
            .state
            .try_update(|s| s.okta.save_mappings(draft.get_untracked()));
        notice.set(result.map(|r| save_message(&r)));
    };
    let revert = move |_| {
        draft.set(saved());
        notice.set(None);
    };
    view! {
        <div class="step-body">
            <div class="workspace mapping-editor">
                <IssueList issues=issues />
                <MappingTable draft=draft issues=issues />
                <AddMapping draft=draft />
                <SaveBar
                    draft=draft
                    state=sandbox.state
                    issues=issues
                    notice=notice
                    on_save=save
                    on_revert=revert
                />
                <Documented text="Specific SCIM attribute mappings and supported schemas are \
                                  not publicly published." />
                <Assumed ids=&["template-defaults", "multi-value-types"] />
            </div>
            <MappingPreview sandbox=sandbox draft=draft issues=issues />
        </div>
    }
}

fn save_message(result: &Result<Vec<MappingIssue>, Vec<MappingIssue>>) -> (bool, String) {
    match result {
        Ok(warnings) if warnings.is_empty() => (true, "Mappings saved.".to_string()),
        Ok(warnings) => (
            true,
            format!("Mappings saved with {} warning(s).", warnings.len()),
        ),
        Err(errors) => (
            false,
            format!("Okta refuses to save: {}", first_message(errors)),
        ),
    }
}

fn first_message(issues: &[MappingIssue]) -> String {
    issues
        .first()
        .map(MappingIssue::message)
        .unwrap_or_default()
}

fn has_errors(issues: &[MappingIssue]) -> bool {
    issues.iter().any(|i| i.severity() == Severity::Error)
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The target an issue belongs next to, when it has a row of its own.
fn issue_target(issue: &MappingIssue) -> Option<ScimTarget> {
    match issue {
        MappingIssue::NoUserName | MappingIssue::RequiredUnmapped(_) => None,
        MappingIssue::ConstantUserName | MappingIssue::UserNameNotUnique(_) => {
            Some(ScimTarget::UserName)
        }
        MappingIssue::DuplicateTarget(t) | MappingIssue::EmptyRequiredConstant(t) => Some(*t),
    }
}

/// Every issue of the draft, for issues whose row is missing as much as for the others.
#[component]
fn IssueList(issues: Memo<Vec<MappingIssue>>) -> impl IntoView {
    view! {
        <div class="mapping-issues" data-testid="mapping-issues" aria-live="polite">
            {move || {
                let found = issues.get();
                if found.is_empty() {
                    return view! { <p class="muted">"No problems found in these mappings."</p> }
                        .into_any();
                }
                view! { <ul>{list(found.iter().map(issue_item))}</ul> }.into_any()
            }}
        </div>
    }
}

fn issue_item(issue: &MappingIssue) -> impl IntoView {
    let severity = severity_name(issue.severity());
    view! {
        <li class=format!("issue {severity}") data-severity=severity>
            <span class=format!("badge {severity}")>{severity}</span>
            " "
            {issue.message()}
        </li>
    }
}

/// Rebuilds mappings from edited rules, keeping their order and duplicates.
fn rebuild(rules: Vec<Mapping>) -> Mappings {
    let mut mappings = Mappings::empty();
    for rule in rules {
        mappings.push(rule);
    }
    mappings
}

fn edit_rule(draft: RwSignal<Mappings>, index: usize, change: impl FnOnce(&mut Mapping)) {
    draft.update(|d| {
        let mut rules = d.rules().to_vec();
        if let Some(rule) = rules.get_mut(index) {
            change(rule);
        }
        *d = rebuild(rules);
    });
}

fn remove_rule(draft: RwSignal<Mappings>, index: usize) {
    draft.update(|d| {
        let mut rules = d.rules().to_vec();
        if index < rules.len() {
            rules.remove(index);
        }
        *d = rebuild(rules);
    });
}

/// The rules of the draft, one row each.
#[component]
fn MappingTable(draft: RwSignal<Mappings>, issues: Memo<Vec<MappingIssue>>) -> impl IntoView {
    // The rows are rebuilt only when this list changes (a rule added, removed or retargeted),
    // so typing in a row keeps it and its focus; a plain list does that as well as a keyed
    // `<For>` here, for a fraction of the bundle.
    let keys = Memo::new(move |_| {
        draft.with(|d| {
            d.rules()
                .iter()
                .enumerate()
                .map(|(i, m)| (i, m.target))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <table class="mappings" data-testid="mapping-table">
            <caption>"Okta → LeadIQ attribute mappings (draft)"</caption>
            <thead>
                <tr>
                    <th scope="col">"LeadIQ (SCIM) attribute"</th>
                    <th scope="col">"Okta source"</th>
                    <th scope="col">"Transform"</th>
                    <th scope="col">"Expression"</th>
                    <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    list(keys.get().into_iter().map(|(index, target)| view! {
                        <MappingRow draft=draft issues=issues index=index target=target />
                    }))
                }}
            </tbody>
        </table>
    }
}

#[component]
fn MappingRow(
    draft: RwSignal<Mappings>,
    issues: Memo<Vec<MappingIssue>>,
    index: usize,
    target: ScimTarget,
) -> impl IntoView {
    let rule = Memo::new(move |_| draft.with(|d| d.rules().get(index).cloned()));
    let path = target.scim_path();
    let row_issues = move || {
        issues.with(|list| {
            list.iter()
                .filter(|i| issue_target(i) == Some(target))
                .map(|i| (severity_name(i.severity()), i.message()))
                .collect::<Vec<_>>()
        })
    };
    let remove_label = format!("Remove the mapping of {path}");
    view! {
        <tr data-target=path class:has-error=move || !row_issues().is_empty()>
            <th scope="row">
                <code>{path}</code>
                {maybe(target.is_required().then(|| view! {
                    " " <span class="badge required" title="Okta requires this attribute">
                        "required"
                    </span>
                }))}
                <ul class="row-issues">
                    {move || list(row_issues().into_iter().map(|(severity, message)| view! {
                        <li class=format!("issue {severity}") data-severity=severity>
                            {message}
                        </li>
                    }))}
                </ul>
            </th>
            <td><SourceCell draft=draft rule=rule index=index path=path /></td>
            <td><TransformSelect draft=draft rule=rule index=index path=path /></td>
            <td>
                <code class="expression">
                    {move || rule.get().map(|r| r.expression()).unwrap_or_default()}
                </code>
            </td>
            <td>
                <button
                    type="button"
                    class="secondary"
                    data-action="remove"
                    aria-label=remove_label
                    on:click=move |_| remove_rule(draft, index)
                >
                    "Remove"
                </button>
            </td>
        </tr>
    }
}

fn source_value(rule: &Option<Mapping>) -> String {
    match rule.as_ref().map(|r| &r.source) {
        Some(Source::Attribute(attr)) => attr.name().to_string(),
        Some(Source::Constant(_)) => CONSTANT.to_string(),
        None => String::new(),
    }
}

fn constant_text(rule: &Option<Mapping>) -> String {
    match rule.as_ref().map(|r| &r.source) {
        Some(Source::Constant(text)) => text.clone(),
        _ => String::new(),
    }
}

/// The source select and, for a constant, its text field.
#[component]
fn SourceCell(
    draft: RwSignal<Mappings>,
    rule: Memo<Option<Mapping>>,
    index: usize,
    path: &'static str,
) -> impl IntoView {
    let is_constant = move || rule.with(|r| source_value(r) == CONSTANT);
    let choose = move |ev| {
        let value = event_target_value(&ev);
        let source = match ProfileAttr::from_name(&value) {
            Some(attr) => Source::Attribute(attr),
            None => Source::Constant(String::new()),
        };
        edit_rule(draft, index, |r| r.source = source);
    };
    // `selected` gives the first render its choice; `prop:value` follows later edits.
    let initial = source_value(&rule.get_untracked());
    let options = list(ProfileAttr::ALL.into_iter().map(|attr| {
        let name = attr.name();
        view! { <option value=name selected=initial == name>{format!("user.{name}")}</option> }
    }));
    view! {
        <label class="visually-hidden" for=format!("source-{index}")>
            {format!("Source of {path}")}
        </label>
        <select
            id=format!("source-{index}")
            data-field="source"
            prop:value=move || source_value(&rule.get())
            on:change=choose
        >
            {options}
            <option value=CONSTANT selected=initial == CONSTANT>"Constant"</option>
        </select>
        {move || maybe(is_constant().then(|| view! {
            <label class="constant">
                <span class="visually-hidden">{format!("Constant value of {path}")}</span>
                <input
                    type="text"
                    data-field="constant"
                    placeholder="constant text"
                    prop:value=move || constant_text(&rule.get())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        edit_rule(draft, index, |r| r.source = Source::Constant(text));
                    }
                />
            </label>
        }))}
    }
}

const TRANSFORMS: [(Transform, &str, &str); 4] = [
    (Transform::None, "none", "None"),
    (Transform::Lowercase, "lowercase", "Lower case"),
    (Transform::Uppercase, "uppercase", "Upper case"),
    (Transform::Trim, "trim", "Trim spaces"),
];

fn transform_value(transform: Transform) -> &'static str {
    TRANSFORMS
        .iter()
        .find(|(t, _, _)| *t == transform)
        .map_or("none", |(_, value, _)| value)
}

fn transform_from(value: &str) -> Transform {
    TRANSFORMS
        .iter()
        .find(|(_, v, _)| *v == value)
        .map_or(Transform::None, |(t, _, _)| *t)
}

#[component]
fn TransformSelect(
    draft: RwSignal<Mappings>,
    rule: Memo<Option<Mapping>>,
    index: usize,
    path: &'static str,
) -> impl IntoView {
    let initial = rule
        .get_untracked()
        .map(|r| r.transform)
        .unwrap_or_default();
    let options = list(TRANSFORMS.iter().map(|(t, value, label)| {
        view! { <option value=*value selected=*t == initial>{*label}</option> }
    }));
    view! {
        <label class="visually-hidden" for=format!("transform-{index}")>
            {format!("Transform of {path}")}
        </label>
        <select
            id=format!("transform-{index}")
            data-field="transform"
            prop:value=move || {
                transform_value(rule.get().map(|r| r.transform).unwrap_or_default())
            }
            on:change=move |ev| {
                let transform = transform_from(&event_target_value(&ev));
                edit_rule(draft, index, |r| r.transform = transform);
            }
        >
            {options}
        </select>
    }
}

/// The source a new mapping starts from: the template's, or an empty constant.
fn default_mapping(target: ScimTarget) -> Mapping {
    Mappings::okta_template()
        .rules()
        .iter()
        .find(|m| m.target == target)
        .cloned()
        .unwrap_or(Mapping {
            target,
            source: Source::Constant(String::new()),
            transform: Transform::None,
        })
}

/// Adds a mapping for a target that has none.
#[component]
fn AddMapping(draft: RwSignal<Mappings>) -> impl IntoView {
    let unmapped = move || {
        draft.with(|d| {
            ScimTarget::ALL
                .into_iter()
                .filter(|t| d.rules().iter().all(|m| m.target != *t))
                .collect::<Vec<_>>()
        })
    };
    let chosen = RwSignal::new(String::new());
    let add = move |_| {
        let wanted = chosen.get_untracked();
        let targets = untrack(unmapped);
        let target = targets
            .iter()
            .find(|t| t.scim_path() == wanted)
            .or_else(|| targets.first())
            .copied();
        if let Some(target) = target {
            draft.update(|d| d.push(default_mapping(target)));
            chosen.set(String::new());
        }
    };
    view! {
        <div class="add-mapping">
            {move || {
                let targets = unmapped();
                if targets.is_empty() {
                    return view! {
                        <p class="muted">"Every LeadIQ attribute has a mapping."</p>
                    }.into_any();
                }
                view! {
                    <label>
                        "Unmapped attribute "
                        <select
                            data-testid="add-target"
                            prop:value=move || chosen.get()
                            on:change=move |ev| chosen.set(event_target_value(&ev))
                        >
                            {list(targets.into_iter().map(|t| {
                                let path = t.scim_path();
                                let label = if t.is_required() {
                                    format!("{path} (required)")
                                } else {
                                    path.to_string()
                                };
                                view! { <option value=path>{label}</option> }
                            }))}
                        </select>
                    </label>
                    " "
                    <button type="button" data-testid="add-mapping" on:click=add>
                        "Add mapping"
                    </button>
                }.into_any()
            }}
        </div>
    }
}

/// Save and Revert, with why saving is not possible and what the last save did.
#[component]
fn SaveBar(
    draft: RwSignal<Mappings>,
    state: RwSignal<Snapshot>,
    issues: Memo<Vec<MappingIssue>>,
    notice: RwSignal<Option<(bool, String)>>,
    on_save: impl Fn(leptos::ev::MouseEvent) + 'static,
    on_revert: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let blocked = move || issues.with(|i| has_errors(i));
    let dirty = move || draft.with(|d| state.with(|s| d != &s.okta.app().mappings));
    view! {
        <div class="save-bar">
            <button
                type="button"
                data-testid="save-mappings"
                prop:disabled=move || issues.with(|i| has_errors(i))
                aria-describedby="save-blocked"
                on:click=on_save
            >
                "Save mappings"
            </button>
            " "
            <button
                type="button"
                class="secondary"
                data-testid="revert-mappings"
                prop:disabled=move || !dirty()
                on:click=on_revert
            >
                "Revert"
            </button>
            <span class="muted" data-testid="dirty">
                {move || {
                    let state = if dirty() { " Unsaved changes." } else { " Saved." };
                    state.to_string()
                }}
            </span>
            <p id="save-blocked" class="blocked" data-testid="save-blocked">
                {move || {
                    let why = "Saving is disabled while the mappings have errors: Okta's \
                               mapping editor refuses them too.";
                    if blocked() { why.to_string() } else { String::new() }
                }}
            </p>
            {move || maybe(notice.get().map(|(ok, text)| {
                let class = if ok { "notice ok" } else { "notice error" };
                view! { <p class=class role="status" data-testid="save-result">{text}</p> }
            }))}
        </div>
    }
}

/// The plan of assigning `person` with `draft` as the saved mappings: the requests Okta
/// would send after the draft is saved, and the branch LeadIQ's current users make it take.
fn draft_plan(s: &Snapshot, draft: &Mappings, person: &str) -> Result<Plan, String> {
    if s.okta.person(person).is_none() {
        return Err("Choose a person to see the requests Okta would send.".to_string());
    }
    let action = Action::AssignPerson(person.to_string());
    s.okta
        .plan_with(&action, &s.tenant, draft)
        .map_err(|e| match e {
            ActionError::AlreadyAssigned(_) => format!(
                "{} Okta sends nothing when they are assigned again: choose someone who is \
                 not assigned yet.",
                e.message()
            ),
            other => other.message(),
        })
}

/// Why a draft with errors has no plan: Okta builds no request from it.
#[component]
fn BlockedPreview(issues: Memo<Vec<MappingIssue>>) -> impl IntoView {
    let errors = move || {
        issues.with(|all| {
            list(
                all.iter()
                    .filter(|i| i.severity() == Severity::Error)
                    .map(|i| view! { <li>{i.message()}</li> }),
            )
        })
    };
    view! {
        <div class="notice error" data-testid="preview-blocked">
            <p>
                "Okta builds no request from mappings with errors, so there is nothing to \
                 preview until these are fixed:"
            </p>
            <ul>{move || errors()}</ul>
        </div>
    }
}

/// People whose login or name contains `filter`, at most [`PERSON_CHOICES`].
fn person_choices(s: &Snapshot, filter: &str) -> Vec<(String, String)> {
    let needle = filter.trim();
    s.okta
        .people()
        .iter()
        .filter(|p| {
            needle.is_empty()
                || contains_ignore_case(&p.profile.login, needle)
                || contains_ignore_case(&p.profile.full_name(), needle)
        })
        .take(PERSON_CHOICES)
        .map(|p| (p.id.clone(), p.profile.login.clone()))
        .collect()
}

/// The plan of assigning a chosen person with the draft mappings, or the draft's errors.
#[component]
fn MappingPreview(
    sandbox: Sandbox,
    draft: RwSignal<Mappings>,
    issues: Memo<Vec<MappingIssue>>,
) -> impl IntoView {
    let blocked = move || issues.with(|i| has_errors(i));
    let first = sandbox
        .state
        .with_untracked(|s| s.okta.people().first().map(|p| p.id.clone()));
    let person = RwSignal::new(first.unwrap_or_default());
    let filter = RwSignal::new(String::new());
    let state = sandbox.state;
    let choices = move || filter.with(|f| state.with(|s| person_choices(s, f)));
    // Planned only for a valid draft: one with errors shows its errors instead. Its one
    // reader changes with every input of the plan, so a memo would only add bundle weight.
    let plan = move || {
        (!blocked()).then(|| person.with(|p| draft.with(|d| state.with(|s| draft_plan(s, d, p)))))
    };
    let reveal = sandbox.reveal;
    view! {
        <aside class="preview" aria-label="Request preview" data-testid="preview">
            <div class="preview-head">
                <h3>"Provisioning requests with this draft"</h3>
                <RevealToggle reveal=reveal />
            </div>
            <div class="person-picker">
                <label>
                    "Find a person "
                    <input
                        type="search"
                        data-testid="person-filter"
                        placeholder="login or name"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Person "
                    <select
                        data-testid="preview-person"
                        prop:value=move || person.get()
                        on:change=move |ev| person.set(event_target_value(&ev))
                    >
                        {move || list(choices().into_iter().map(|(id, login)| view! {
                            <option value=id.clone() selected=id == person.get_untracked()>
                                {login}
                            </option>
                        }))}
                    </select>
                </label>
            </div>
            {move || match plan() {
                None => view! { <BlockedPreview issues=issues /> }.into_any(),
                Some(Err(why)) => view! { <p class="muted">{why}</p> }.into_any(),
                Some(Ok(plan)) => view! {
                    <PlanView plan=plan reveal=reveal />
                    <p class="muted">
                        "Planned with the draft against LeadIQ's current users: once the \
                         draft is saved, assigning this person sends exactly these requests."
                    </p>
                }.into_any(),
            }}
        </aside>
    }
}
