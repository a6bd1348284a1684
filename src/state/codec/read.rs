//! Reading the parsed snapshot back defensively: every accessor says where a value sits
//! when it is missing or of the wrong type, so a refusal names exactly what is wrong, e.g.
//! `tenant.users row 17: userName is not a string`.

use std::fmt::Display;

use serde_json::{Map, Value};

use super::table::Keys;
use super::DecodeError;

/// A refusal of the value at `place`.
pub(super) fn wrong(place: &str, what: impl Display) -> DecodeError {
    DecodeError::WrongShape(format!("{place}: {what}"))
}

/// A JSON object and where it sits in the snapshot.
#[derive(Clone, Copy)]
pub(super) struct Obj<'a> {
    map: &'a Map<String, Value>,
    place: &'static str,
}

impl<'a> Obj<'a> {
    /// `value` as an object, or a refusal naming `place`.
    pub(super) fn of(value: &'a Value, place: &'static str) -> Result<Self, DecodeError> {
        match value {
            Value::Object(map) => Ok(Self { map, place }),
            _ => Err(DecodeError::WrongShape(format!("{place} is not an object"))),
        }
    }

    /// A refusal of this object.
    pub(super) fn wrong(&self, what: impl Display) -> DecodeError {
        wrong(self.place, what)
    }

    /// The member `key`, which must be there.
    pub(super) fn get(&self, key: &str) -> Result<&'a Value, DecodeError> {
        self.map
            .get(key)
            .ok_or_else(|| self.wrong(format!("{key} is missing")))
    }

    /// The member `key`, or `None` when it is missing or `null`.
    pub(super) fn optional(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The member `key` as an object placed at `place`.
    pub(super) fn object(&self, key: &str, place: &'static str) -> Result<Obj<'a>, DecodeError> {
        Obj::of(self.get(key)?, place)
    }

    /// The member `key` as a string.
    pub(super) fn str(&self, key: &str) -> Result<&'a str, DecodeError> {
        self.get(key)?
            .as_str()
            .ok_or_else(|| self.wrong(format!("{key} is not a string")))
    }

    /// The member `key` as a string, or `None` when it is missing or `null`.
    pub(super) fn optional_str(&self, key: &str) -> Result<Option<&'a str>, DecodeError> {
        self.optional(key)
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| self.wrong(format!("{key} is not a string")))
            })
            .transpose()
    }

    /// The member `key` as a non-negative integer.
    pub(super) fn uint(&self, key: &str) -> Result<u64, DecodeError> {
        self.get(key)?
            .as_u64()
            .ok_or_else(|| self.wrong(format!("{key} is not a non-negative integer")))
    }

    /// The member `key` as a boolean.
    pub(super) fn bool(&self, key: &str) -> Result<bool, DecodeError> {
        self.get(key)?
            .as_bool()
            .ok_or_else(|| self.wrong(format!("{key} is not a boolean")))
    }

    /// The member `key` as an array.
    pub(super) fn array(&self, key: &str) -> Result<&'a [Value], DecodeError> {
        self.get(key)?
            .as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| self.wrong(format!("{key} is not an array")))
    }
}

/// Rows stored as arrays under a list of column names.
///
/// Each row has exactly one cell per column. A column this build knows may be left out
/// of the list, meaning that every row leaves it empty; a column it does not know is
/// refused, since a format 2 text from this build never has one.
pub(super) struct Table<'a> {
    place: &'static str,
    /// The table's shared strings, which text cells refer to as `-1 - position`.
    shared: Vec<&'a str>,
    /// For each known column, its position in the rows, if present.
    positions: Vec<Option<usize>>,
    width: usize,
    rows: &'a [Value],
}

impl<'a> Table<'a> {
    /// Reads the column list, the shared strings and the rows under `keys` of `obj`;
    /// `known` names the columns in the order the caller refers to them by index.
    pub(super) fn read(
        obj: Obj<'a>,
        keys: &Keys<'_>,
        known: &[&str],
        place: &'static str,
    ) -> Result<Self, DecodeError> {
        let shared = match keys.strings {
            Some(key) => obj
                .array(key)?
                .iter()
                .map(Value::as_str)
                .collect::<Option<Vec<&str>>>()
                .ok_or_else(|| obj.wrong(format!("{key} holds something other than strings")))?,
            None => Vec::new(),
        };
        let columns = obj.array(keys.columns)?;
        let mut positions = vec![None; known.len()];
        for (position, column) in columns.iter().enumerate() {
            let name = column
                .as_str()
                .ok_or_else(|| wrong(place, format!("column {position} has no name")))?;
            let index = known
                .iter()
                .position(|k| *k == name)
                .ok_or_else(|| wrong(place, format!("unknown column {name}")))?;
            let slot = positions.get_mut(index).filter(|slot| slot.is_none());
            let slot =
                slot.ok_or_else(|| wrong(place, format!("column {name} is listed twice")))?;
            *slot = Some(position);
        }
        Ok(Self {
            place,
            shared,
            positions,
            width: columns.len(),
            rows: obj.array(keys.rows)?,
        })
    }

    /// How many rows there are.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The rows, in order, each checked to have one cell per column.
    pub(super) fn rows(&self) -> impl Iterator<Item = Result<Row<'a, '_>, DecodeError>> {
        self.rows.iter().enumerate().map(move |(index, row)| {
            let cells = row
                .as_array()
                .ok_or_else(|| wrong(self.place, format!("row {index} is not an array")))?;
            if cells.len() != self.width {
                return Err(wrong(
                    self.place,
                    format!(
                        "row {index} has {} cells for {} columns",
                        cells.len(),
                        self.width
                    ),
                ));
            }
            Ok(Row {
                cells,
                table: self,
                index,
            })
        })
    }
}

/// One row of a [`Table`]; cells are asked for by the index of their known column.
pub(super) struct Row<'a, 't> {
    cells: &'a [Value],
    table: &'t Table<'a>,
    index: usize,
}

/// A column as the caller knows it: its index in the known list and its name.
pub(super) type Col = (usize, &'static str);

impl<'a> Row<'a, '_> {
    /// A refusal of this row.
    pub(super) fn wrong(&self, what: impl Display) -> DecodeError {
        wrong(self.table.place, format!("row {}: {what}", self.index))
    }

    fn position(&self, (index, _): Col) -> Option<usize> {
        self.table.positions.get(index).copied().flatten()
    }

    /// The cell of `col`; `None` when the column is absent or the cell is `null`.
    pub(super) fn cell(&self, col: Col) -> Option<&'a Value> {
        let position = self.position(col)?;
        self.cells.get(position).filter(|v| !v.is_null())
    }

    /// The cell of `col`, which must be there.
    pub(super) fn required(&self, col: Col) -> Result<&'a Value, DecodeError> {
        self.cell(col)
            .ok_or_else(|| self.wrong(format!("{} is missing", col.1)))
    }

    /// A string cell that must be written out in full.
    pub(super) fn str(&self, col: Col) -> Result<Option<&'a str>, DecodeError> {
        self.cell(col)
            .map(|v| v.as_str().ok_or_else(|| self.not_a(col, "string")))
            .transpose()
    }

    /// A string cell that must be there.
    pub(super) fn required_str(&self, col: Col) -> Result<&'a str, DecodeError> {
        self.str(col)?
            .ok_or_else(|| self.wrong(format!("{} is missing", col.1)))
    }

    /// A text cell: a string, the position of an earlier cell in the row holding the same
    /// string, or `-1 - position` of a string in the table's shared strings.
    pub(super) fn text(&self, col: Col) -> Result<Option<&'a str>, DecodeError> {
        let Some(value) = self.cell(col) else {
            return Ok(None);
        };
        if let Some(text) = value.as_str() {
            return Ok(Some(text));
        }
        let here = self.position(col).unwrap_or(0);
        let found = match value.as_i64() {
            Some(n) if n < 0 => usize::try_from(-1 - n)
                .ok()
                .and_then(|p| self.table.shared.get(p))
                .copied(),
            Some(n) => usize::try_from(n)
                .ok()
                .filter(|p| *p < here)
                .and_then(|p| self.cells.get(p))
                .and_then(Value::as_str),
            None => None,
        };
        found.map(Some).ok_or_else(|| {
            self.not_a(col, "string, an earlier cell's position or a shared string")
        })
    }

    /// A non-negative integer cell.
    pub(super) fn uint(&self, col: Col) -> Result<Option<u64>, DecodeError> {
        self.cell(col)
            .map(|v| {
                v.as_u64()
                    .ok_or_else(|| self.not_a(col, "non-negative integer"))
            })
            .transpose()
    }

    /// An integer cell that may be negative (differences from the row before).
    pub(super) fn int(&self, col: Col) -> Result<i64, DecodeError> {
        self.required(col)?
            .as_i64()
            .ok_or_else(|| self.not_a(col, "integer"))
    }

    /// A boolean cell; absent means `false`.
    pub(super) fn flag(&self, col: Col) -> Result<bool, DecodeError> {
        self.cell(col)
            .map(|v| v.as_bool().ok_or_else(|| self.not_a(col, "boolean")))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// A boolean cell that may be absent.
    pub(super) fn optional_bool(&self, col: Col) -> Result<Option<bool>, DecodeError> {
        self.cell(col)
            .map(|v| v.as_bool().ok_or_else(|| self.not_a(col, "boolean")))
            .transpose()
    }

    /// An array cell; absent means empty.
    pub(super) fn array(&self, col: Col) -> Result<&'a [Value], DecodeError> {
        match self.cell(col) {
            None => Ok(&[]),
            Some(v) => v
                .as_array()
                .map(Vec::as_slice)
                .ok_or_else(|| self.not_a(col, "array")),
        }
    }

    fn not_a(&self, (_, name): Col, kind: &str) -> DecodeError {
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        self.wrong(format!("{name} is not {article} {kind}"))
    }
}

/// A position in a list read from a cell, checked against the list's length.
pub(super) fn position(value: &Value, len: usize) -> Option<usize> {
    value
        .as_u64()
        .and_then(|p| usize::try_from(p).ok())
        .filter(|p| *p < len)
}
