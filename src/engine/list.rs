//! `GET /Users`: filtering (RFC 7644 §3.4.2.2) and paging (§3.4.2.4) in creation order.
//!
//! Equality on userName, id or externalId, alone or inside an `and`, is answered from an
//! index; every candidate is still checked with the full filter, so an indexed answer
//! always equals what a scan would give. Without a filter a page slices the user list.

use super::error::{json_response, ScimError, ScimType};
use super::filter::{self, AttrPath, CompValue, CompareOp, Filter};
use super::http::HttpResponse;
use super::json;
use super::projection::Projection;
use super::query::{self, Target};
use super::schema::{self, LIST_URN, USER_URN};
use super::store::Users;
use super::user::User;
use std::borrow::Cow;

/// Most resources one list response carries (`filter.maxResults`); larger counts are
/// clamped to it, and it is also the page size when `count` is absent.
// Assumed (page-size): 200 per page, clamped, also the default.
pub const MAX_RESULTS: usize = 200;

/// Answers a list request.
pub(crate) fn list(
    store: &dyn Users,
    base_url: &str,
    target: &Target,
) -> Result<HttpResponse, ScimError> {
    let projection = Projection::from_target(target)?;
    let filter = target.param("filter").map(parse_filter).transpose()?;
    // Assumed (sort): sortBy and sortOrder are ignored; the order is always creation order.
    let start = match target.param("startIndex") {
        Some(text) => query::integer("startIndex", text)?.max(1),
        None => 1,
    };
    let count = match target.param("count") {
        Some(text) => query::integer("count", text)?.clamp(0, MAX_RESULTS as i64) as usize,
        None => MAX_RESULTS,
    };
    let selected = select(store, filter.as_ref(), base_url);
    let total = selected.len();
    let from = usize::try_from(start - 1).unwrap_or(usize::MAX).min(total);
    let to = from.saturating_add(count).min(total);
    let page = (from..to).filter_map(|i| selected.user(store, i));
    let mut body = String::from("{\"Resources\":[");
    let mut items = 0;
    for user in page {
        if items > 0 {
            body.push(',');
        }
        items += 1;
        match projection {
            // Without a projection users stream straight from storage: no Value per user.
            Projection::All => user.view(base_url).push_json(&mut body),
            _ => json::push_compact(&mut body, &projection.apply(user.resource(base_url))),
        }
    }
    Ok(json_response(
        200,
        page_end(body, items, start, total),
        Vec::new(),
    ))
}

/// Closes a ListResponse whose `Resources` are written, adding the other members in the
/// same sorted order a `serde_json::Map` would give.
fn page_end(mut body: String, items: usize, start: i64, total: usize) -> String {
    body.push_str("],\"itemsPerPage\":");
    body.push_str(&items.to_string());
    body.push_str(",\"schemas\":[");
    json::push_string(&mut body, LIST_URN);
    body.push_str("],\"startIndex\":");
    body.push_str(&start.to_string());
    body.push_str(",\"totalResults\":");
    body.push_str(&total.to_string());
    body.push('}');
    body
}

/// Parses a filter, turning a syntax error into 400 invalidFilter that points at it.
pub(crate) fn parse_filter(text: &str) -> Result<Filter, ScimError> {
    filter::parse(text).map_err(|e| {
        ScimError::bad_request(
            ScimType::InvalidFilter,
            format!("The filter `{text}` is not valid: {e}"),
        )
    })
}

/// The users a filter selects, in creation order.
enum Selection {
    All(usize),
    Some(Vec<usize>),
}

impl Selection {
    fn len(&self) -> usize {
        match self {
            Selection::All(n) => *n,
            Selection::Some(indices) => indices.len(),
        }
    }

    /// The `i`-th selected user.
    fn user<'a>(&self, store: &'a dyn Users, i: usize) -> Option<&'a User> {
        match self {
            Selection::All(_) => store.get(i),
            Selection::Some(indices) => indices.get(i).and_then(|&at| store.get(at)),
        }
    }
}

fn select(store: &dyn Users, filter: Option<&Filter>, base_url: &str) -> Selection {
    let Some(filter) = filter else {
        return Selection::All(store.len());
    };
    let full = needs_full_view(filter);
    let test = |&at: &usize| {
        store
            .get(at)
            .is_some_and(|user| user_matches(filter, user, full, base_url))
    };
    // Known shortcoming: a filter with no equality on userName, id or externalId scans
    // every user; only those three attributes are indexed.
    let chosen = match candidates(store, filter) {
        Some(indices) => indices.into_iter().filter(test).collect(),
        None => (0..store.len()).filter(test).collect(),
    };
    Selection::Some(chosen)
}

/// Whether `user` matches `filter`, honouring each attribute's `caseExact`.
pub(crate) fn user_matches(filter: &Filter, user: &User, full: bool, base_url: &str) -> bool {
    let view = if full {
        Cow::Owned(user.resource(base_url))
    } else {
        Cow::Borrowed(user.attributes())
    };
    filter::matches(filter, &view, &schema::case_exact)
}

/// Whether the filter names `id`, `meta` or `schemas`, which the stored attributes lack;
/// other filters are evaluated without building the full resource.
fn needs_full_view(filter: &Filter) -> bool {
    let mut pending = vec![filter];
    while let Some(f) = pending.pop() {
        match f {
            Filter::Present(path) | Filter::Compare(path, _, _) if is_synthetic(path) => {
                return true
            }
            Filter::ValuePath(path, _) if is_synthetic(path) => return true,
            Filter::ValuePath(_, inner) | Filter::Not(inner) => pending.push(inner),
            Filter::And(a, b) | Filter::Or(a, b) => pending.extend([a.as_ref(), b.as_ref()]),
            _ => {}
        }
    }
    false
}

fn is_core(path: &AttrPath) -> bool {
    path.urn
        .as_deref()
        .is_none_or(|urn| urn.eq_ignore_ascii_case(USER_URN))
}

fn is_synthetic(path: &AttrPath) -> bool {
    let name = path.name.to_ascii_lowercase();
    is_core(path) && matches!(name.as_str(), "id" | "meta" | "schemas")
}

/// Positions an index yields for the filter, or `None` when no index applies.
fn candidates(store: &dyn Users, filter: &Filter) -> Option<Vec<usize>> {
    let mut pending = vec![filter];
    while let Some(f) = pending.pop() {
        match f {
            Filter::Compare(path, CompareOp::Eq, CompValue::Str(value)) if is_core(path) => {
                if let Some(found) = lookup(store, &path.key(), value) {
                    return Some(found);
                }
            }
            // Either side of an `and` narrows the whole; an `or` or `not` does not.
            Filter::And(a, b) => pending.extend([b.as_ref(), a.as_ref()]),
            _ => {}
        }
    }
    None
}

fn lookup(store: &dyn Users, key: &str, value: &str) -> Option<Vec<usize>> {
    match key {
        "username" => Some(store.by_user_name(value).into_iter().collect()),
        "id" => Some(store.by_id(value).into_iter().collect()),
        "externalid" => Some(store.by_external_id(value)),
        _ => None,
    }
}
