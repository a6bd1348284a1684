//! The activity log in format 2: one row per exchange.
//!
//! Short strings that recur from row to row (step slugs, methods, header names and
//! values, the base of each URL) are written once in `strings` and referred to by their
//! position there. A URL that is its base followed by the request path keeps only the
//! base. Sequence numbers and times are differences from the row before.

use std::collections::HashMap;

use serde_json::Value;

use super::read::{position, wrong, Col, Obj, Row, Table};
use super::table::{write_table, Cell, Keys};
use super::text::JsonText;
use super::DecodeError;
use crate::engine::http::{HttpRequest, HttpResponse};
use crate::okta::Exchange;
use crate::state::ActivityEntry;

const COLUMNS: [&str; 13] = [
    "seq",
    "step",
    "at",
    "person",
    "method",
    "path",
    "requestHeaders",
    "requestBody",
    "url",
    "status",
    "responseHeaders",
    "responseBody",
    "conclusion",
];

/// The log's own `strings` list is not a table's shared strings: its positions are
/// written as they are, in columns that hold nothing else.
fn keys() -> Keys<'static> {
    Keys {
        columns: "columns",
        strings: None,
        rows: "entries",
    }
}

fn col(index: usize) -> Col {
    (index, COLUMNS.get(index).copied().unwrap_or("?"))
}

/// The recurring strings of the log, each written once.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    positions: HashMap<&'a str, usize>,
}

impl<'a> Strings<'a> {
    fn of(&mut self, text: &'a str) -> u64 {
        let next = self.list.len();
        let at = *self.positions.entry(text).or_insert(next);
        if at == next {
            self.list.push(text);
        }
        at as u64
    }

    fn headers(&mut self, headers: &'a [(String, String)]) -> Cell<'a> {
        let mut list = Vec::with_capacity(headers.len() * 2);
        for (name, value) in headers {
            list.push(self.of(name));
            list.push(self.of(value));
        }
        Cell::Uints(list)
    }
}

/// Writes the activity object: the next sequence number, the strings and the rows.
pub(super) fn encode(w: &mut JsonText, entries: &[ActivityEntry], next_seq: u64) {
    let mut strings = Strings::default();
    let mut previous = (0u64, 0u64);
    let rows: Vec<Vec<Cell<'_>>> = entries
        .iter()
        .map(|entry| {
            let row = entry_row(entry, previous, &mut strings);
            previous = (entry.seq, entry.at_millis);
            row
        })
        .collect();
    w.open_object();
    w.key("nextSeq").uint(next_seq);
    w.key("strings").open_array();
    for text in &strings.list {
        w.str(text);
    }
    w.close_array();
    write_table(w, &keys(), &COLUMNS, &rows);
    w.close_object();
}

fn difference(later: u64, earlier: u64) -> i64 {
    later.wrapping_sub(earlier) as i64
}

fn entry_row<'a>(
    entry: &'a ActivityEntry,
    (seq, at): (u64, u64),
    strings: &mut Strings<'a>,
) -> Vec<Cell<'a>> {
    let exchange = &entry.exchange;
    let request = &exchange.request;
    let url = match exchange.url.strip_suffix(request.path.as_str()) {
        Some(base) => Cell::Uint(strings.of(base)),
        None => Cell::Str(&exchange.url),
    };
    let optional = |text: &'a str| {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Str(text)
        }
    };
    let mut row = vec![
        Cell::Int(difference(entry.seq, seq)),
        Cell::Uint(strings.of(&entry.step)),
        Cell::Int(difference(entry.at_millis, at)),
        exchange.person.as_deref().map_or(Cell::Empty, Cell::Str),
        Cell::Uint(strings.of(&request.method)),
        Cell::Str(&request.path),
        strings.headers(&request.headers),
        optional(&request.body),
        url,
    ];
    match &exchange.response {
        Some(response) => row.extend([
            Cell::Uint(u64::from(response.status)),
            strings.headers(&response.headers),
            optional(&response.body),
        ]),
        None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
    }
    row.push(Cell::Str(&exchange.conclusion));
    row
}

/// Reads the activity object: the entries and the next sequence number.
pub(super) fn decode(value: &Value) -> Result<(Vec<ActivityEntry>, u64), DecodeError> {
    let obj = Obj::of(value, "activity")?;
    let strings = obj
        .array("strings")?
        .iter()
        .map(Value::as_str)
        .collect::<Option<Vec<&str>>>()
        .ok_or_else(|| obj.wrong("strings holds something other than strings"))?;
    let table = Table::read(obj, &keys(), &COLUMNS, "activity.entries")?;
    let mut entries = Vec::with_capacity(table.len());
    let mut previous = (0u64, 0u64);
    for row in table.rows() {
        let entry = decode_entry(&row?, &strings, previous)?;
        previous = (entry.seq, entry.at_millis);
        entries.push(entry);
    }
    Ok((entries, obj.uint("nextSeq")?))
}

fn decode_entry(
    row: &Row<'_, '_>,
    strings: &[&str],
    (seq, at): (u64, u64),
) -> Result<ActivityEntry, DecodeError> {
    let string = |index: usize| -> Result<String, DecodeError> {
        let cell = row.required(col(index))?;
        position(cell, strings.len())
            .and_then(|p| strings.get(p))
            .map(|s| s.to_string())
            .ok_or_else(|| row.wrong(format!("{} is not a position in strings", col(index).1)))
    };
    let path = row.required_str(col(5))?.to_string();
    let url = match row.required(col(8))? {
        Value::String(url) => url.clone(),
        _ => format!("{}{path}", string(8)?),
    };
    let request = HttpRequest {
        method: string(4)?,
        path,
        headers: headers(row, col(6), strings)?,
        body: row.str(col(7))?.unwrap_or_default().to_string(),
    };
    let response = match row.uint(col(9))? {
        Some(status) => Some(HttpResponse {
            status: u16::try_from(status)
                .map_err(|_| row.wrong(format!("status {status} is not an HTTP status")))?,
            headers: headers(row, col(10), strings)?,
            body: row.str(col(11))?.unwrap_or_default().to_string(),
        }),
        None if row.cell(col(10)).is_some() || row.cell(col(11)).is_some() => {
            return Err(row.wrong("a response without a status"))
        }
        None => None,
    };
    Ok(ActivityEntry {
        seq: seq.wrapping_add(row.int(col(0))? as u64),
        step: string(1)?,
        at_millis: at.wrapping_add(row.int(col(2))? as u64),
        exchange: Exchange {
            person: row.str(col(3))?.map(str::to_string),
            request,
            url,
            response,
            conclusion: row.required_str(col(12))?.to_string(),
        },
    })
}

fn headers(
    row: &Row<'_, '_>,
    column: Col,
    strings: &[&str],
) -> Result<Vec<(String, String)>, DecodeError> {
    let cells = row.array(column)?;
    if cells.len() % 2 != 0 {
        return Err(row.wrong(format!("{} has a name without a value", column.1)));
    }
    let text = |cell: &Value| {
        position(cell, strings.len())
            .and_then(|p| strings.get(p))
            .map(|s| s.to_string())
            .ok_or_else(|| row.wrong(format!("{} holds a position not in strings", column.1)))
    };
    cells
        .chunks(2)
        .map(|pair| match pair {
            [name, value] => Ok((text(name)?, text(value)?)),
            _ => Err(wrong("activity.entries", "a header pair is incomplete")),
        })
        .collect()
}
