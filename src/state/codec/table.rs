//! Writing rows under a column list: the compact shape of the snapshot's large
//! collections. Columns that every row leaves empty are left out. A text cell that many
//! rows share (a department, a locale) is written once in the table's list of shared
//! strings and referred to as `-1 - its position` there; a text
//! cell that repeats an earlier cell of its own row is written as that cell's position.

use std::collections::HashMap;

use serde_json::Value;

use super::text::JsonText;

/// One cell of a row being written.
pub(super) enum Cell<'a> {
    /// Nothing: `null`, and the column may be left out when every row has nothing.
    Empty,
    /// A string that may be written as the position of an earlier equal cell.
    Text(&'a str),
    /// A string written out in full (ids, where a number would mean something else).
    Str(&'a str),
    /// A non-negative integer.
    Uint(u64),
    /// An integer that may be negative.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// Any JSON value.
    Json(Value),
    /// A list of non-negative integers.
    Uints(Vec<u64>),
}

/// Where a table is written: its column list, its shared strings (for tables with text
/// cells) and its rows.
pub(super) struct Keys<'k> {
    /// Member holding the column names.
    pub(super) columns: &'k str,
    /// Member holding the shared strings, for tables that have text cells.
    pub(super) strings: Option<&'k str>,
    /// Member holding the rows.
    pub(super) rows: &'k str,
}

/// A text shared by at least this many cells goes in the table's shared strings.
const SHARED_FROM: usize = 3;

/// Writes `names`, the shared strings and `rows` under `keys`; every row has one cell per
/// name.
pub(super) fn write_table(
    w: &mut JsonText,
    keys: &Keys<'_>,
    names: &[&str],
    rows: &[Vec<Cell<'_>>],
) {
    let keep: Vec<bool> = (0..names.len())
        .map(|c| {
            rows.is_empty()
                || rows
                    .iter()
                    .any(|row| !matches!(row.get(c), None | Some(Cell::Empty)))
        })
        .collect();
    w.key(keys.columns).open_array();
    for (name, _) in names.iter().zip(&keep).filter(|(_, keep)| **keep) {
        w.str(name);
    }
    w.close_array();
    let shared = match keys.strings {
        Some(key) => {
            let list = shared_strings(rows);
            w.key(key).open_array();
            for text in &list {
                w.str(text);
            }
            w.close_array();
            list.into_iter().enumerate().map(|(i, t)| (t, i)).collect()
        }
        None => HashMap::new(),
    };
    w.key(keys.rows).open_array();
    for row in rows {
        write_row(w, row, &keep, &shared);
    }
    w.close_array();
}

/// The texts at least [`SHARED_FROM`] cells hold, in order of first appearance (the
/// recurring values of a directory show up in its first rows, so they get the shortest
/// positions without a sort).
fn shared_strings<'a>(rows: &[Vec<Cell<'a>>]) -> Vec<&'a str> {
    let mut counts: Vec<(&'a str, usize)> = Vec::new();
    let mut positions: HashMap<&'a str, usize> = HashMap::new();
    for cell in rows.iter().flatten() {
        if let Cell::Text(text) = cell {
            if text.len() < 2 {
                continue;
            }
            let next = counts.len();
            let at = *positions.entry(text).or_insert(next);
            match counts.get_mut(at) {
                Some((_, count)) => *count += 1,
                None => counts.push((text, 1)),
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, count)| *count >= SHARED_FROM)
        .map(|(text, _)| text)
        .collect()
}

fn write_row(w: &mut JsonText, row: &[Cell<'_>], keep: &[bool], shared: &HashMap<&str, usize>) {
    // Strings written so far in this row, with their positions in the written row.
    let mut written: Vec<(&str, usize)> = Vec::new();
    w.open_array();
    let kept = row.iter().zip(keep).filter(|(_, keep)| **keep);
    for (position, (cell, _)) in kept.enumerate() {
        match cell {
            Cell::Empty => w.null(),
            Cell::Text(text) => match (shared.get(text), earlier(&written, text)) {
                (Some(at), _) => w.int(-1 - *at as i64),
                (None, Some(at)) => w.uint(at as u64),
                (None, None) => w.str(text),
            },
            Cell::Str(text) => w.str(text),
            Cell::Uint(n) => w.uint(*n),
            Cell::Int(n) => w.int(*n),
            Cell::Bool(b) => w.bool(*b),
            Cell::Json(value) => w.value(value),
            Cell::Uints(list) => {
                w.open_array();
                for n in list {
                    w.uint(*n);
                }
                w.close_array();
            }
        }
        if let Cell::Text(text) | Cell::Str(text) = cell {
            written.push((text, position));
        }
    }
    w.close_array();
}

/// The position of an earlier cell holding `text`, when pointing at it is shorter than
/// repeating it (two quotes and the text against at most a few digits).
fn earlier(written: &[(&str, usize)], text: &str) -> Option<usize> {
    if text.len() < 2 {
        return None;
    }
    written
        .iter()
        .find(|(seen, _)| *seen == text)
        .map(|(_, at)| *at)
}
