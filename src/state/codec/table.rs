//! Writing rows under a column list: the compact shape of the snapshot's large
//! collections. Columns that every row leaves empty are left out, and a text cell that
//! repeats an earlier cell of its row is written as that cell's position.

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

/// Writes `names` under `columns_key` and `rows` under `rows_key`; every row has one cell
/// per name.
pub(super) fn write_table(
    w: &mut JsonText,
    columns_key: &str,
    rows_key: &str,
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
    w.key(columns_key).open_array();
    for (name, _) in names.iter().zip(&keep).filter(|(_, keep)| **keep) {
        w.str(name);
    }
    w.close_array();
    w.key(rows_key).open_array();
    for row in rows {
        write_row(w, row, &keep);
    }
    w.close_array();
}

fn write_row(w: &mut JsonText, row: &[Cell<'_>], keep: &[bool]) {
    // Strings written so far in this row, with their positions in the written row.
    let mut written: Vec<(&str, usize)> = Vec::new();
    w.open_array();
    let kept = row.iter().zip(keep).filter(|(_, keep)| **keep);
    for (position, (cell, _)) in kept.enumerate() {
        match cell {
            Cell::Empty => w.null(),
            Cell::Text(text) => match earlier(&written, text) {
                Some(at) => w.uint(at as u64),
                None => w.str(text),
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
