//! The SCIM filter language of RFC 7644 §3.4.2.2: parsing and evaluation.
//!
//! [`parse`] turns the text of a `filter=` query parameter into a [`Filter`];
//! [`matches`] evaluates one against a resource held as JSON; [`parse_patch_path`]
//! reads the `path` of a PATCH operation (§3.5.2), which reuses the same pieces.
//! Both parsers are hand-written recursive descent over the grammar below, bounded
//! in depth so hostile input gets a [`FilterError`] rather than a stack overflow.
//!
//! ```text
//! FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
//! valuePath = attrPath "[" valFilter "]"
//! valFilter = attrExp / logExp / *1"not" "(" valFilter ")"
//! attrExp   = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)
//! logExp    = FILTER SP ("and" / "or") SP FILTER
//! compValue = false / null / true / number / string
//! attrPath  = [URI ":"] ATTRNAME *1subAttr
//! PATH      = attrPath / valuePath [subAttr]
//! ```

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::{self, Write as _};

use serde::Serialize;
use serde_json::{Number, Value};

use super::text::fold_case;

/// How many parentheses, `not (…)` groups and value-path brackets may nest.
pub const MAX_DEPTH: usize = 64;

/// How many `and`/`or` words one filter may hold. Each adds a level to the tree that
/// evaluation, printing, cloning and dropping walk recursively, so this and [`MAX_DEPTH`]
/// bound their stack use: the deepest tree takes under 512 KiB even in a debug build.
pub const MAX_LOGICAL_OPERATORS: usize = 200;

/// Attributes of the core schemas live at the top level of a resource, not under a key.
const CORE_SCHEMA_PREFIX: &str = "urn:ietf:params:scim:schemas:core:2.0:";

/// What ATTRNAME allows, for messages about a malformed name.
const NAME_RULE: &str = "an attribute name (a letter, then letters, digits, \"-\" or \"_\")";

/// How far a `found …` excerpt in an error message reaches, in chars.
const EXCERPT_CHARS: usize = 24;

/// attrPath of RFC 7644 §3.4.2.2: `[URI ":"] ATTRNAME *1subAttr`.
///
/// Names keep the case they were written in; [`AttrPath::key`] gives the lowercase form
/// that comparisons use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttrPath {
    /// Schema URN, everything before the last `:` (e.g. the enterprise extension's).
    pub urn: Option<String>,
    /// Attribute name, e.g. `emails`.
    pub name: String,
    /// Sub-attribute name, e.g. `value` in `emails.value`.
    pub sub: Option<String>,
}

impl AttrPath {
    /// A path without URN or sub-attribute.
    pub fn new(name: &str) -> Self {
        Self {
            urn: None,
            name: name.to_string(),
            sub: None,
        }
    }

    /// Dotted lowercase key without URN, e.g. `"name.givenname"`, `"emails.value"`.
    pub fn key(&self) -> String {
        let mut key = fold_case(&self.name).into_owned();

        if let Some(sub) = &self.sub {
            key.push('.');
            key.push_str(&fold_case(sub));
        }
        key
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(urn) = &self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(&self.name)?;

        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// The comparison operators of RFC 7644 §3.4.2.2 (`pr` is [`Filter::Present`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum CompareOp {
    /// `eq`: equal.
    Eq,
    /// `ne`: not equal.
    Ne,
    /// `co`: the attribute's string contains the value.
    Co,
    /// `sw`: the attribute's string starts with the value.
    Sw,
    /// `ew`: the attribute's string ends with the value.
    Ew,
    /// `gt`: greater than.
    Gt,
    /// `ge`: greater than or equal.
    Ge,
    /// `lt`: less than.
    Lt,
    /// `le`: less than or equal.
    Le,
}

impl CompareOp {
    /// Every operator, in the order the RFC lists them.
    pub const ALL: [CompareOp; 9] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Co,
        CompareOp::Sw,
        CompareOp::Ew,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Lt,
        CompareOp::Le,
    ];

    /// The operator's lowercase keyword, e.g. `"eq"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// The operator a keyword names, in any letter case.
    pub fn from_keyword(word: &str) -> Option<CompareOp> {
        Self::ALL
            .into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(word))
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// compValue of RFC 7644 §3.4.2.2: a JSON literal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CompValue {
    /// A JSON string, escapes already decoded.
    Str(String),
    /// A JSON number.
    Num(Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl fmt::Display for CompValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompValue::Str(text) => write_json_string(f, text),
            CompValue::Num(number) => f.write_str(&super::json::number_text(number)),
            CompValue::Bool(flag) => write!(f, "{flag}"),
            CompValue::Null => f.write_str("null"),
        }
    }
}

/// A parsed SCIM filter.
///
/// Printing one with `Display` gives its canonical text (lowercase keywords, single
/// spaces, only the parentheses the tree needs), which [`parse`] reads back into an
/// equal filter, as long as no value path sits inside another (the grammar forbids it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Filter {
    /// `attrPath pr`.
    Present(AttrPath),
    /// `attrPath op value`.
    Compare(AttrPath, CompareOp, CompValue),
    /// emails[type eq "work" and value co "@"]: the inner filter applies to each element
    ValuePath(AttrPath, Box<Filter>),
    /// Both sides match.
    And(Box<Filter>, Box<Filter>),
    /// Either side matches.
    Or(Box<Filter>, Box<Filter>),
    /// The inner filter does not match.
    Not(Box<Filter>),
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::Compare(path, op, value) => write!(f, "{path} {op} {value}"),
            Filter::ValuePath(path, inner) => write!(f, "{path}[{inner}]"),
            Filter::Not(inner) => write!(f, "not ({inner})"),
            Filter::And(left, right) => {
                // `and` binds tighter than `or`, and both group to the left.
                write_operand(f, left, matches!(**left, Filter::Or(..)))?;
                f.write_str(" and ")?;
                write_operand(
                    f,
                    right,
                    matches!(**right, Filter::Or(..) | Filter::And(..)),
                )
            }
            Filter::Or(left, right) => {
                write_operand(f, left, false)?;
                f.write_str(" or ")?;
                write_operand(f, right, matches!(**right, Filter::Or(..)))
            }
        }
    }
}

fn write_operand(f: &mut fmt::Formatter<'_>, operand: &Filter, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({operand})")
    } else {
        write!(f, "{operand}")
    }
}

fn write_json_string(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;

    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if u32::from(c) < 0x20 => write!(f, "\\u{:04x}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// Where and why a filter or PATCH path failed to parse.
///
/// `position` counts Unicode scalar values (Rust `char`s) from the start of the input,
/// starting at 0; it is not a byte offset. `message` is a whole sentence for a trainee
/// that already names that position, what was expected and what was found, e.g.
/// `expected a comparison operator (…) after "userName" at position 9, found "eqq"`;
/// `Display` prints it as it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilterError {
    /// Char offset of the problem in the input.
    pub position: usize,
    /// What went wrong, in words, including the position.
    pub message: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FilterError {}

/// A PATCH path of RFC 7644 §3.5.2: attrPath, or valuePath followed by an optional
/// subAttr, e.g. `emails[type eq "work"].value`, `name.givenName`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`.
///
/// A bare schema URN such as `urn:…:enterprise:2.0:User` reads as attribute `User`
/// under URN `urn:…:enterprise:2.0`, since the URN is everything before the last `:`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PatchPath {
    /// The attribute the path starts at.
    pub attr: AttrPath,
    /// The value filter in brackets, if any.
    pub filter: Option<Filter>,
    /// The sub-attribute after the brackets, if any.
    pub sub: Option<String>,
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.attr)?;

        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// Parses the text of a SCIM filter (already URL-decoded).
pub fn parse(input: &str) -> Result<Filter, FilterError> {
    let mut parser = Parser::new(input, "filter");
    parser.skip_ws();

    if parser.peek().is_none() {
        return Err(parser.empty());
    }
    let filter = parser.or(false)?;

    parser.finish_filter()?;
    Ok(filter)
}

/// Parses the `path` of a PATCH operation.
pub fn parse_patch_path(input: &str) -> Result<PatchPath, FilterError> {
    let mut parser = Parser::new(input, "path");
    parser.skip_ws();

    let start = parser.pos;
    match parser.peek() {
        None => return Err(parser.empty()),
        Some(c) if is_name_start(c) => {}
        Some(_) => return Err(parser.expected(start, "an attribute name")),
    }
    let text = parser.word();
    // A bare extension URN reads as its last segment under a shorter URN: the caller
    // has to recognise `urn:…:2.0` + `User` itself.
    let attr = parser.attr_path(text, start)?;

    let (filter, sub) = if parser.peek() == Some('[') {
        let filter = parser.brackets(false)?;
        (Some(filter), parser.patch_sub_attribute()?)
    } else {
        (None, None)
    };

    parser.skip_ws();
    if parser.peek().is_some() {
        return Err(parser.expected(parser.pos, "the end of the path"));
    }
    Ok(PatchPath { attr, filter, sub })
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '$'
}

/// Characters of an attribute path token, URN included, and of keywords.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '$')
}

/// ATTRNAME = ALPHA *(nameChar), or `$ref` (RFC 7643 §2.1 allows it for references).
fn is_attr_name(name: &str) -> bool {
    if name.eq_ignore_ascii_case("$ref") {
        return true;
    }
    let mut chars = name.chars();

    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Ends an excerpt in an error message: a boundary a word or string literal stops at.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"')
}

/// The state of one parse: a byte cursor over the input, always on a char boundary.
struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    logical_operators: usize,
    /// "filter" or "path", for messages about the end of the input.
    kind: &'static str,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, kind: &'static str) -> Self {
        Self {
            src,
            pos: 0,
            depth: 0,
            logical_operators: 0,
            kind,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// Consumes a run of word characters (possibly empty).
    fn word(&mut self) -> &'a str {
        let start = self.pos;

        while self.peek().is_some_and(is_word_char) {
            self.bump();
        }
        self.src.get(start..self.pos).unwrap_or("")
    }

    /// Consumes the keyword if it comes next (after whitespace) as a whole word.
    fn eat_keyword(&mut self, keyword: &str) -> Option<usize> {
        let saved = self.pos;
        self.skip_ws();

        let start = self.pos;
        if self.word().eq_ignore_ascii_case(keyword) {
            return Some(start);
        }
        self.pos = saved;
        None
    }

    // ----- grammar -----

    /// Lowest precedence: `or`, grouping to the left.
    fn or(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        let mut left = self.and(in_brackets)?;

        while let Some(at) = self.eat_keyword("or") {
            self.count_logical_operator(at)?;
            let right = self.and(in_brackets)?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `and` binds tighter than `or`, and also groups to the left.
    fn and(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        let mut left = self.unary(in_brackets)?;

        while let Some(at) = self.eat_keyword("and") {
            self.count_logical_operator(at)?;
            let right = self.unary(in_brackets)?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// A parenthesised group, `not (…)`, or an attribute expression.
    fn unary(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        self.skip_ws();
        let start = self.pos;

        match self.peek() {
            Some('(') => self.group(in_brackets),
            Some(c) if is_name_start(c) => {
                let text = self.word();

                if text.eq_ignore_ascii_case("not") && self.negation_follows() {
                    let inner = self.negation(in_brackets)?;
                    return Ok(Filter::Not(Box::new(inner)));
                }
                self.attr_expression(text, start, in_brackets)
            }
            _ => Err(self.expected(start, "an attribute name, \"(\" or \"not\"")),
        }
    }

    /// After the word `not`: is it the logical word, or an attribute named "not"?
    fn negation_follows(&mut self) -> bool {
        if self.peek() == Some('[') {
            return false;
        }
        let saved = self.pos;
        self.skip_ws();

        let paren = self.peek() == Some('(');
        let next = self.word();
        let operator = next.eq_ignore_ascii_case("pr") || CompareOp::from_keyword(next).is_some();

        self.pos = saved;
        paren || !operator
    }

    fn negation(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        self.skip_ws();

        if self.peek() != Some('(') {
            return Err(self.expected(self.pos, "\"(\" after \"not\""));
        }
        self.group(in_brackets)
    }

    fn group(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        let open = self.pos;
        self.enter(open)?;
        self.bump();

        self.skip_ws();
        if self.peek() == Some(')') {
            return Err(self.failure(self.pos, |at| {
                format!("empty parentheses at position {at}: expected a filter inside \"()\"")
            }));
        }
        let inner = self.or(in_brackets)?;

        self.close(open, ')', "parenthesis")?;
        Ok(inner)
    }

    /// `[valFilter]` after an attribute path; the cursor is on the `[`.
    fn brackets(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        let open = self.pos;

        if in_brackets {
            return Err(self.failure(open, |at| {
                format!(
                    "nested value path at position {at}: a filter inside \"[…]\" \
                     cannot contain another \"[\""
                )
            }));
        }
        self.enter(open)?;
        self.bump();

        self.skip_ws();
        if self.peek() == Some(']') {
            return Err(self.failure(self.pos, |at| {
                format!("empty value filter at position {at}: expected a filter inside \"[]\"")
            }));
        }
        let inner = self.or(true)?;

        self.close(open, ']', "bracket")?;
        Ok(inner)
    }

    /// Expects the closing character of a group opened at byte `open`.
    fn close(&mut self, open: usize, closer: char, noun: &str) -> Result<(), FilterError> {
        self.skip_ws();

        match self.peek() {
            Some(c) if c == closer => {
                self.bump();
                self.depth -= 1;
                Ok(())
            }
            None => {
                let opener = if closer == ')' { '(' } else { '[' };
                let opened = self.char_pos(open);
                Err(self.failure(self.pos, |at| {
                    format!(
                        "unbalanced {noun}: expected \"{closer}\" at position {at} to close \
                         the \"{opener}\" at position {opened}, found the end of the {}",
                        self.kind
                    )
                }))
            }
            Some(_) => {
                let what = format!("\"and\", \"or\" or \"{closer}\"");
                Err(self.expected(self.pos, &what))
            }
        }
    }

    fn enter(&mut self, open: usize) -> Result<(), FilterError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.failure(open, |at| {
                format!(
                    "filter nested too deeply at position {at}: at most {MAX_DEPTH} levels of \
                     parentheses, \"not\" and brackets are allowed"
                )
            }));
        }
        self.depth += 1;
        Ok(())
    }

    fn count_logical_operator(&mut self, at: usize) -> Result<(), FilterError> {
        self.logical_operators += 1;

        if self.logical_operators > MAX_LOGICAL_OPERATORS {
            return Err(self.failure(at, |at| {
                format!(
                    "filter too long at position {at}: at most {MAX_LOGICAL_OPERATORS} \
                     \"and\"/\"or\" are allowed"
                )
            }));
        }
        Ok(())
    }

    /// The rest of an expression that starts with the attribute path `text`.
    fn attr_expression(
        &mut self,
        text: &'a str,
        start: usize,
        in_brackets: bool,
    ) -> Result<Filter, FilterError> {
        let path = self.attr_path(text, start)?;

        if self.peek() == Some('[') {
            let inner = self.brackets(in_brackets)?;
            self.refuse_patch_sub_attribute()?;
            return Ok(Filter::ValuePath(path, Box::new(inner)));
        }
        self.skip_ws();

        let at = self.pos;
        let word = self.word();
        if word.eq_ignore_ascii_case("pr") {
            self.refuse_value_after_pr()?;
            return Ok(Filter::Present(path));
        }
        let Some(op) = CompareOp::from_keyword(word) else {
            let what = format!(
                "a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after \"{text}\""
            );
            return Err(self.expected(at, &what));
        };

        let value = self.value(op)?;
        Ok(Filter::Compare(path, op, value))
    }

    /// Splits an attribute path token at its last `:` and its `.`, checking each name.
    fn attr_path(&self, text: &str, start: usize) -> Result<AttrPath, FilterError> {
        let (urn, rest, rest_start) = match text.rfind(':') {
            Some(i) => (
                text.get(..i),
                text.get(i + 1..).unwrap_or(""),
                start + i + 1,
            ),
            None => (None, text, start),
        };
        let (name, sub) = match rest.split_once('.') {
            Some((name, sub)) => (name, Some(sub)),
            None => (rest, None),
        };

        if !is_attr_name(name) {
            let what = match urn {
                Some(urn) => format!("an attribute name after the schema URN \"{urn}\""),
                None => NAME_RULE.to_string(),
            };
            return Err(self.expected_name(rest_start, &what, name));
        }
        if let Some(sub) = sub {
            self.check_sub_attribute(sub, rest_start + name.len() + 1)?;
        }

        Ok(AttrPath {
            urn: urn.map(str::to_string),
            name: name.to_string(),
            sub: sub.map(str::to_string),
        })
    }

    /// Checks the text after the `.` of an attribute path, which starts at byte `start`.
    fn check_sub_attribute(&self, sub: &str, start: usize) -> Result<(), FilterError> {
        if let Some(dot) = sub.find('.') {
            return Err(self.failure(start + dot, |at| {
                format!(
                    "an attribute path has at most one sub-attribute, found a second \".\" \
                     at position {at}"
                )
            }));
        }
        if !is_attr_name(sub) {
            return Err(self.expected_name(start, "a sub-attribute name after \".\"", sub));
        }
        Ok(())
    }

    /// In a filter, a value path ends at its `]`: `emails[…].value` is only a PATCH path.
    fn refuse_patch_sub_attribute(&self) -> Result<(), FilterError> {
        if self.peek() != Some('.') {
            return Ok(());
        }
        let found = self.describe(self.pos);

        Err(self.failure(self.pos, |at| {
            format!(
                "a sub-attribute after \"[…]\" is only allowed in a PATCH path, found {found} \
                 at position {at}"
            )
        }))
    }

    fn refuse_value_after_pr(&mut self) -> Result<(), FilterError> {
        let saved = self.pos;
        self.skip_ws();

        let at = self.pos;
        let value_next = match self.peek() {
            Some(c) if c == '"' || c == '-' || c.is_ascii_digit() => true,
            Some(_) => literal_word(self.word()).is_some(),
            None => false,
        };
        self.pos = saved;

        if !value_next {
            return Ok(());
        }
        let found = self.describe(at);
        Err(self.failure(at, |at| {
            format!("\"pr\" takes no value, but found {found} at position {at}")
        }))
    }

    /// A comparison value after the operator `op`.
    fn value(&mut self, op: CompareOp) -> Result<CompValue, FilterError> {
        self.skip_ws();
        let at = self.pos;

        match self.peek() {
            Some('"') => self.string().map(CompValue::Str),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number().map(CompValue::Num),
            None => Err(self.expected(at, &format!("a value after \"{op}\""))),
            Some(_) => {
                let word = self.word();
                literal_word(word).ok_or_else(|| {
                    let what = format!(
                        "a value after \"{op}\" (a \"quoted string\", a number, true, false \
                         or null)"
                    );
                    self.expected(at, &what)
                })
            }
        }
    }

    /// A JSON string literal; the cursor is on its opening quote.
    fn string(&mut self) -> Result<String, FilterError> {
        let open = self.pos;
        self.bump();
        let mut text = String::new();

        loop {
            let at = self.pos;
            match self.bump() {
                None => return Err(self.unterminated(open)),
                Some('"') => return Ok(text),
                Some('\\') => text.push(self.escape(open, at)?),
                Some(c) if u32::from(c) < 0x20 => {
                    return Err(self.failure(at, |at| {
                        format!(
                            "control character U+{:04X} at position {at} inside a string: \
                             write it as an escape such as \\n or \\u0009",
                            u32::from(c)
                        )
                    }));
                }
                Some(c) => text.push(c),
            }
        }
    }

    /// The character an escape stands for; the cursor is after the backslash at `at`.
    fn escape(&mut self, open: usize, at: usize) -> Result<char, FilterError> {
        let decoded = match self.bump() {
            None => return Err(self.unterminated(open)),
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => return self.unicode_escape(at),
            Some(other) => {
                let shown = excerpt(other.encode_utf8(&mut [0; 4]).chars(), |_| false);
                return Err(self.failure(at, |at| {
                    format!(
                        "bad escape \"\\{shown}\" at position {at} in a string: expected one \
                         of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uHHHH"
                    )
                }));
            }
        };
        Ok(decoded)
    }

    /// `\uHHHH`, joining a UTF-16 surrogate pair; the cursor is after the `u`.
    fn unicode_escape(&mut self, at: usize) -> Result<char, FilterError> {
        let unit = self.hex4(at)?;

        let code = match unit {
            0xD800..=0xDBFF => {
                let low = self.low_surrogate(at, unit)?;
                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.unpaired(at, unit)),
            _ => unit,
        };
        char::from_u32(code).ok_or_else(|| self.unpaired(at, unit))
    }

    fn low_surrogate(&mut self, at: usize, high: u32) -> Result<u32, FilterError> {
        let rest = self.src.get(self.pos..).unwrap_or("");

        if !rest.starts_with("\\u") {
            return Err(self.unpaired(at, high));
        }
        let second = self.pos;
        self.pos += 2;

        let low = self.hex4(second)?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return Err(self.unpaired(at, high));
        }
        Ok(low)
    }

    /// Four hex digits of a `\u` escape that starts at byte `at`.
    fn hex4(&mut self, at: usize) -> Result<u32, FilterError> {
        let mut unit = 0;

        for _ in 0..4 {
            let digit = self.peek().and_then(|c| c.to_digit(16));
            let Some(digit) = digit else {
                let found = self.describe(self.pos);
                return Err(self.failure(at, |at| {
                    let expected = "expected 4 hex digits";
                    format!("bad \\u escape at position {at}: {expected}, found {found}")
                }));
            };
            self.bump();
            unit = unit * 16 + digit;
        }
        Ok(unit)
    }

    /// A JSON number; the cursor is on its `-` or first digit.
    fn number(&mut self) -> Result<Number, FilterError> {
        let start = self.pos;

        if self.peek() == Some('-') {
            self.bump();
        }
        self.integer_digits()?;

        let fraction = self.peek() == Some('.');
        if fraction {
            self.bump();
            self.digits("a digit after \".\" in the number")?;
        }
        let exponent = matches!(self.peek(), Some('e' | 'E'));
        if exponent {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            self.digits("a digit in the exponent of the number")?;
        }
        if self.peek().is_some_and(|c| is_word_char(c) || c == '+') {
            return Err(self.expected(self.pos, "the end of the number"));
        }

        let text = self.src.get(start..self.pos).unwrap_or("");
        self.number_value(text, start, !fraction && !exponent)
    }

    /// `0` or a non-zero digit followed by digits: JSON allows no leading zeros.
    fn integer_digits(&mut self) -> Result<(), FilterError> {
        if self.peek() != Some('0') {
            return self.digits("a digit in the number");
        }
        self.bump();

        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return Err(self.failure(self.pos, |at| {
                format!("number with a leading zero at position {at}: JSON numbers have none")
            }));
        }
        Ok(())
    }

    /// One or more ASCII digits.
    fn digits(&mut self, what: &str) -> Result<(), FilterError> {
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return Err(self.expected(self.pos, what));
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        Ok(())
    }

    /// Integers keep their exact value where 64 bits hold it; the rest become doubles,
    /// read by the engine's own float parser, which rounds correctly.
    fn number_value(&self, text: &str, start: usize, int: bool) -> Result<Number, FilterError> {
        if int {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Number::from(n));
            }
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Number::from(n));
            }
        }
        // Request bodies are read with this same parser, so a literal and a resource number
        // written alike are the same double.
        let double = super::json::parse_f64(text).and_then(Number::from_f64);

        double.ok_or_else(|| {
            self.failure(start, |at| {
                format!("number out of range at position {at}: \"{text}\" is too large")
            })
        })
    }

    fn patch_sub_attribute(&mut self) -> Result<Option<String>, FilterError> {
        if self.peek() != Some('.') {
            return Ok(None);
        }
        self.bump();

        let start = self.pos;
        let sub = self.word();
        self.check_sub_attribute(sub, start)?;
        Ok(Some(sub.to_string()))
    }

    fn finish_filter(&mut self) -> Result<(), FilterError> {
        self.skip_ws();

        let stray = match self.peek() {
            None => return Ok(()),
            Some(')') => ("parenthesis", ')', '('),
            Some(']') => ("bracket", ']', '['),
            Some(_) => {
                let what = "\"and\", \"or\" or the end of the filter";
                return Err(self.expected(self.pos, what));
            }
        };
        let (noun, closer, opener) = stray;
        Err(self.failure(self.pos, |at| {
            let unmatched = format!("\"{closer}\" at position {at} has no matching \"{opener}\"");
            format!("unbalanced {noun}: {unmatched}")
        }))
    }

    // ----- errors -----

    // Positions count chars, not UTF-16 units, so a browser highlight of text with
    // characters beyond the BMP (emoji) must convert them.
    fn char_pos(&self, byte: usize) -> usize {
        self.src.get(..byte).map_or(0, |s| s.chars().count())
    }

    /// An error at byte `byte`; `message` receives its char position.
    fn failure(&self, byte: usize, message: impl FnOnce(usize) -> String) -> FilterError {
        let position = self.char_pos(byte);
        FilterError {
            position,
            message: message(position),
        }
    }

    fn expected(&self, byte: usize, what: &str) -> FilterError {
        let found = self.describe(byte);
        self.failure(byte, |at| {
            format!("expected {what} at position {at}, found {found}")
        })
    }

    /// Like [`Parser::expected`], for a name already cut out of its token.
    fn expected_name(&self, byte: usize, what: &str, name: &str) -> FilterError {
        let found = if name.is_empty() {
            "nothing".to_string()
        } else {
            format!("\"{name}\"")
        };
        self.failure(byte, |at| {
            format!("expected {what} at position {at}, found {found}")
        })
    }

    fn empty(&self) -> FilterError {
        let kind = self.kind;
        let start = if kind == "filter" {
            "an attribute name, \"(\" or \"not\""
        } else {
            "an attribute name"
        };
        self.failure(0, |at| {
            format!("empty {kind}: expected {start} at position {at}")
        })
    }

    fn unterminated(&self, open: usize) -> FilterError {
        self.failure(open, |at| {
            format!("unterminated string starting at position {at}: expected a closing \"")
        })
    }

    fn unpaired(&self, byte: usize, unit: u32) -> FilterError {
        self.failure(byte, |at| {
            format!(
                "unpaired surrogate \"\\u{unit:04X}\" at position {at}: a \\uD800-\\uDBFF \
                 escape must be followed by a \\uDC00-\\uDFFF one"
            )
        })
    }

    /// What the input holds at byte `byte`, for "found …" in messages.
    fn describe(&self, byte: usize) -> String {
        let rest = self.src.get(byte..).unwrap_or("");
        let mut chars = rest.chars();

        match chars.next() {
            None => format!("the end of the {}", self.kind),
            Some(c) if c.is_whitespace() => "a space".to_string(),
            Some('"') => format!("the string \"{}\"", excerpt(chars, |c| c == '"')),
            Some(c) if is_delimiter(c) => format!("\"{c}\""),
            Some(_) => format!("\"{}\"", excerpt(rest.chars(), is_delimiter)),
        }
    }
}

/// Up to [`EXCERPT_CHARS`] chars before `stop`, control characters escaped.
fn excerpt(chars: std::str::Chars<'_>, stop: impl Fn(char) -> bool) -> String {
    let mut out = String::new();

    for (count, c) in chars.enumerate() {
        if stop(c) {
            break;
        }
        if count == EXCERPT_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn literal_word(word: &str) -> Option<CompValue> {
    if word.eq_ignore_ascii_case("true") {
        Some(CompValue::Bool(true))
    } else if word.eq_ignore_ascii_case("false") {
        Some(CompValue::Bool(false))
    } else if word.eq_ignore_ascii_case("null") {
        Some(CompValue::Null)
    } else {
        None
    }
}

// ----- evaluation -----

/// Evaluates against a SCIM resource as JSON. `case_exact(key)` tells whether string
/// comparison for the attribute with that [`AttrPath::key`] is case-exact (userName is not).
///
/// The rules, after RFC 7644 §3.4.2.2:
/// - Attribute names match JSON keys case-insensitively. A URN selects the resource's
///   member of that name (an extension such as the enterprise user); a core schema URN
///   (`urn:ietf:params:scim:schemas:core:2.0:…`) with no such member selects the top level.
/// - A multi-valued attribute matches when any element does. Without a sub-attribute,
///   a complex attribute (`emails`, `manager`) is compared through its `value`
///   sub-attribute, and `case_exact` is asked about `"emails.value"`.
/// - Inside a value path the inner filter is evaluated on each element, and the key
///   passed to `case_exact` joins the outer and inner names, e.g. `"emails.type"`.
/// - `pr` holds when the attribute exists and is not null, `""`, `[]` or `{}`
///   (a complex value needs at least one member that is itself present).
/// - Case-insensitive strings compare after lowercasing with `engine::text::fold_case`.
/// - A literal of one JSON type never matches a value of another (a string literal
///   against a number is false); `co`, `sw`, `ew` apply to strings only.
/// - `gt`, `ge`, `lt`, `le` order strings by code point (so ISO 8601 UTC dateTimes
///   order by time) and numbers numerically; on booleans and null they never match.
/// - `eq null` matches when the attribute is missing or null; `ne null` is its negation.
/// - `ne` matches when the attribute is missing or null (like `not (… eq …)`), and
///   otherwise when any value of the literal's type differs from it.
pub fn matches(filter: &Filter, resource: &Value, case_exact: &dyn Fn(&str) -> bool) -> bool {
    let scope = Scope {
        parent: None,
        case_exact,
    };
    scope.eval(filter, resource)
}

/// Where evaluation stands: at the top of a resource, or inside a value path's element.
struct Scope<'a> {
    /// The key of the enclosing value path, e.g. `"emails"`.
    parent: Option<&'a str>,
    case_exact: &'a dyn Fn(&str) -> bool,
}

impl Scope<'_> {
    fn eval(&self, filter: &Filter, base: &Value) -> bool {
        match filter {
            Filter::Present(path) => present(base, path),
            Filter::Compare(path, op, literal) => self.compare(base, path, *op, literal),
            Filter::ValuePath(path, inner) => self.value_path(base, path, inner),
            Filter::And(left, right) => self.eval(left, base) && self.eval(right, base),
            Filter::Or(left, right) => self.eval(left, base) || self.eval(right, base),
            Filter::Not(inner) => !self.eval(inner, base),
        }
    }

    fn compare(&self, base: &Value, path: &AttrPath, op: CompareOp, literal: &CompValue) -> bool {
        let Some(top) = attribute(base, path) else {
            return absent_matches(op, literal);
        };
        let sub = path.sub.as_deref();
        let has_value = any_leaf(top, sub, |leaf| !leaf.is_null());

        if !has_value {
            return absent_matches(op, literal);
        }
        if *literal == CompValue::Null {
            return op == CompareOp::Ne;
        }

        let test = self.leaf_test(top, path, op, literal);
        any_leaf(top, sub, |leaf| test.holds(leaf))
    }

    /// Prepares a comparison once per attribute, not once per value.
    fn leaf_test<'l>(
        &self,
        top: &Value,
        path: &AttrPath,
        op: CompareOp,
        literal: &'l CompValue,
    ) -> LeafTest<'l> {
        let CompValue::Str(text) = literal else {
            return LeafTest {
                op,
                literal,
                exact: true,
                folded: Cow::Borrowed(""),
            };
        };
        let implied_value = path.sub.is_none() && compared_through_value(top);
        let exact = (self.case_exact)(&self.key(path, implied_value));

        LeafTest {
            op,
            literal,
            exact,
            folded: fold(text, exact),
        }
    }

    fn key(&self, path: &AttrPath, implied_value: bool) -> String {
        let mut key = match self.parent {
            Some(parent) => format!("{parent}.{}", path.key()),
            None => path.key(),
        };

        if implied_value {
            key.push_str(".value");
        }
        key
    }

    fn value_path(&self, base: &Value, path: &AttrPath, inner: &Filter) -> bool {
        let Some(top) = attribute(base, path) else {
            return false;
        };
        let key = self.key(path, false);
        let scope = Scope {
            parent: Some(&key),
            case_exact: self.case_exact,
        };

        any_node(top, path.sub.as_deref(), |element| {
            element.is_object() && scope.eval(inner, element)
        })
    }
}

/// What a comparison gives for a missing or null attribute.
fn absent_matches(op: CompareOp, literal: &CompValue) -> bool {
    match op {
        CompareOp::Eq => *literal == CompValue::Null,
        CompareOp::Ne => *literal != CompValue::Null,
        _ => false,
    }
}

/// One comparison, ready to apply to each value of an attribute.
struct LeafTest<'l> {
    op: CompareOp,
    literal: &'l CompValue,
    exact: bool,
    /// The string literal, lowercased unless the attribute is case-exact.
    folded: Cow<'l, str>,
}

impl LeafTest<'_> {
    fn holds(&self, leaf: &Value) -> bool {
        match (leaf, self.literal) {
            (Value::String(text), CompValue::Str(_)) => {
                string_holds(self.op, &fold(text, self.exact), &self.folded)
            }
            (Value::Number(number), CompValue::Num(literal)) => {
                number_cmp(number, literal).is_some_and(|order| order_holds(self.op, order))
            }
            (Value::Bool(flag), CompValue::Bool(literal)) => match self.op {
                CompareOp::Eq => flag == literal,
                CompareOp::Ne => flag != literal,
                _ => false,
            },
            _ => false,
        }
    }
}

fn string_holds(op: CompareOp, value: &str, literal: &str) -> bool {
    match op {
        CompareOp::Co => value.contains(literal),
        CompareOp::Sw => value.starts_with(literal),
        CompareOp::Ew => value.ends_with(literal),
        _ => order_holds(op, value.cmp(literal)),
    }
}

/// Whether `value op literal` holds given how they order; `co`, `sw`, `ew` never do.
fn order_holds(op: CompareOp, order: Ordering) -> bool {
    match op {
        CompareOp::Eq => order == Ordering::Equal,
        CompareOp::Ne => order != Ordering::Equal,
        CompareOp::Gt => order == Ordering::Greater,
        CompareOp::Ge => order != Ordering::Less,
        CompareOp::Lt => order == Ordering::Less,
        CompareOp::Le => order != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

/// Exact for integers that fit 64 bits, by value as doubles otherwise.
fn number_cmp(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

/// The text a comparison uses: as written for a case-exact attribute, case-folded for
/// the others.
fn fold(text: &str, exact: bool) -> Cow<'_, str> {
    if exact {
        Cow::Borrowed(text)
    } else {
        fold_case(text)
    }
}

/// A JSON member whose key equals `name` ignoring ASCII case (names are ASCII).
fn member<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    let object = value.as_object()?;

    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// The value of the path's attribute (before any sub-attribute) in `base`.
fn attribute<'v>(base: &'v Value, path: &AttrPath) -> Option<&'v Value> {
    let schema_base = match &path.urn {
        None => base,
        Some(urn) => match member(base, urn) {
            Some(extension) => extension,
            None if is_core_schema(urn) => base,
            None => return None,
        },
    };
    member(schema_base, &path.name)
}

fn is_core_schema(urn: &str) -> bool {
    urn.get(..CORE_SCHEMA_PREFIX.len())
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(CORE_SCHEMA_PREFIX))
}

/// The elements of a multi-valued attribute, or the single value itself.
fn items(value: &Value) -> &[Value] {
    match value {
        Value::Array(elements) => elements,
        single => std::slice::from_ref(single),
    }
}

/// Whether `test` holds for any node the sub-attribute reaches from `top`.
fn any_node<'v>(top: &'v Value, sub: Option<&str>, test: impl FnMut(&'v Value) -> bool) -> bool {
    match sub {
        None => items(top).iter().any(test),
        Some(sub) => items(top)
            .iter()
            .filter_map(|item| member(item, sub))
            .flat_map(items)
            .any(test),
    }
}

/// Like [`any_node`], with complex nodes standing for their `value` sub-attribute.
fn any_leaf(top: &Value, sub: Option<&str>, mut test: impl FnMut(&Value) -> bool) -> bool {
    any_node(top, sub, |node| match node {
        Value::Object(_) => member(node, "value").is_some_and(&mut test),
        scalar => test(scalar),
    })
}

/// Whether an attribute compared without a sub-attribute goes through `value`.
fn compared_through_value(top: &Value) -> bool {
    items(top).iter().any(Value::is_object)
}

fn present(base: &Value, path: &AttrPath) -> bool {
    let Some(top) = attribute(base, path) else {
        return false;
    };

    match &path.sub {
        None => has_content(top, 2),
        Some(sub) => any_node(top, Some(sub), |node| has_content(node, 1)),
    }
}

/// Not null, `""`, `[]` or `{}`; a container needs a member with content, looking
/// `levels` deep (then any non-empty container counts), so no input recurses far.
fn has_content(value: &Value, levels: u8) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(elements) if levels == 0 => !elements.is_empty(),
        Value::Object(members) if levels == 0 => !members.is_empty(),
        Value::Array(elements) => elements.iter().any(|e| has_content(e, levels - 1)),
        Value::Object(members) => members.values().any(|m| has_content(m, levels - 1)),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    fn parsed(text: &str) -> Filter {
        match parse(text) {
            Ok(filter) => filter,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    fn parse_error(text: &str) -> FilterError {
        match parse(text) {
            Ok(filter) => panic!("{text:?} should not parse, got {filter:?}"),
            Err(error) => error,
        }
    }

    fn path(text: &str) -> AttrPath {
        match parse_patch_path(text) {
            Ok(PatchPath { attr, .. }) => attr,
            Err(error) => panic!("{text:?} should be an attribute path: {error}"),
        }
    }

    fn present(text: &str) -> Filter {
        Filter::Present(path(text))
    }

    fn compare(text: &str, op: CompareOp, value: CompValue) -> Filter {
        Filter::Compare(path(text), op, value)
    }

    fn string(text: &str) -> CompValue {
        CompValue::Str(text.to_string())
    }

    fn and(left: Filter, right: Filter) -> Filter {
        Filter::And(Box::new(left), Box::new(right))
    }

    fn or(left: Filter, right: Filter) -> Filter {
        Filter::Or(Box::new(left), Box::new(right))
    }

    fn not(inner: Filter) -> Filter {
        Filter::Not(Box::new(inner))
    }

    /// What RFC 7643 says of the attributes these tests use: `id` and `externalId` are
    /// case-exact, the rest (userName, emails, names, …) are not.
    fn scim_case_exact(key: &str) -> bool {
        matches!(key, "id" | "externalid")
    }

    /// Babs Jensen, after the RFC 7643 §8.3 enterprise user example.
    fn babs() -> Value {
        json!({
            "schemas": [CORE, ENTERPRISE],
            "id": "2819c223-7f76-453a-919d-413861904646",
            "externalId": "701984",
            "userName": "bjensen",
            "name": {"familyName": "O'Malley", "givenName": "Barbara"},
            "title": "Tour Guide",
            "userType": "Employee",
            "active": true,
            "loginCount": 10,
            "nickName": "",
            "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
            ],
            "ims": [{"value": "babs@jabber.example", "type": "xmpp"}],
            "meta": {"lastModified": "2024-02-01T09:30:00Z"},
            ENTERPRISE: {
                "employeeNumber": "701984",
                "department": "Tour Operations",
                "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John"}
            }
        })
    }

    /// An intern with no title, older metadata and an xmpp handle at foo.com.
    fn jim() -> Value {
        json!({
            "schemas": [CORE],
            "id": "c75ad752-64ae-4823-840d-ffa80929976c",
            "userName": "Jsmith",
            "name": {"familyName": "Smith", "givenName": "Jim"},
            "userType": "Intern",
            "active": false,
            "loginCount": 9,
            "emails": [{"value": "jim@corp.test", "type": "work"}],
            "ims": [{"value": "jim@foo.com", "type": "xmpp"}],
            "meta": {"lastModified": "2010-01-01T00:00:00Z"},
            "manager": null
        })
    }

    fn eval(text: &str, resource: &Value) -> bool {
        matches(&parsed(text), resource, &scim_case_exact)
    }

    // ----- grammar -----

    #[test]
    fn pr_parses_to_presence() {
        assert_eq!(parsed("title pr"), present("title"));
    }

    #[test]
    fn every_comparison_operator_parses() {
        for op in CompareOp::ALL {
            let text = format!("userName {op} \"x\"");
            assert_eq!(
                parsed(&text),
                compare("userName", op, string("x")),
                "{text}"
            );
        }
    }

    #[test]
    fn operators_and_logical_words_ignore_case() {
        let expected = or(
            and(
                compare("userName", CompareOp::Eq, string("x")),
                present("title"),
            ),
            not(present("nickName")),
        );

        assert_eq!(
            parsed("userName EQ \"x\" AnD title PR Or NOT (nickName pR)"),
            expected
        );
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let (a, b, c) = (present("a"), present("b"), present("c"));

        assert_eq!(
            parsed("a pr or b pr and c pr"),
            or(a.clone(), and(b.clone(), c.clone()))
        );
        assert_eq!(parsed("a pr and b pr or c pr"), or(and(a, b), c));
    }

    #[test]
    fn logical_words_group_to_the_left() {
        let (a, b, c) = (present("a"), present("b"), present("c"));

        assert_eq!(
            parsed("a pr or b pr or c pr"),
            or(or(a.clone(), b.clone()), c.clone())
        );
        assert_eq!(parsed("a pr and b pr and c pr"), and(and(a, b), c));
    }

    #[test]
    fn parentheses_override_precedence() {
        let (a, b, c) = (present("a"), present("b"), present("c"));

        assert_eq!(parsed("(a pr or b pr) and c pr"), and(or(a, b), c));
    }

    #[test]
    fn redundant_parentheses_leave_no_trace() {
        assert_eq!(parsed("((title pr))"), present("title"));
    }

    #[test]
    fn not_takes_a_parenthesised_filter_with_or_without_a_space() {
        assert_eq!(parsed("not (title pr)"), not(present("title")));
        assert_eq!(parsed("not(title pr)"), not(present("title")));
    }

    #[test]
    fn words_used_as_keywords_still_work_as_attribute_names() {
        assert_eq!(parsed("not pr"), present("not"));
        assert_eq!(
            parsed("not eq \"x\" and and pr or or pr"),
            or(
                and(compare("not", CompareOp::Eq, string("x")), present("and")),
                present("or")
            )
        );
    }

    #[test]
    fn sub_attribute_parses_into_the_path() {
        let expected = AttrPath {
            urn: None,
            name: "name".into(),
            sub: Some("familyName".into()),
        };

        assert_eq!(parsed("name.familyName pr"), Filter::Present(expected));
    }

    #[test]
    fn urn_is_everything_up_to_the_last_colon() {
        let core = AttrPath {
            urn: Some(CORE.into()),
            name: "userName".into(),
            sub: None,
        };
        let manager = AttrPath {
            urn: Some(ENTERPRISE.into()),
            name: "manager".into(),
            sub: Some("value".into()),
        };

        assert_eq!(
            parsed(&format!("{CORE}:userName pr")),
            Filter::Present(core)
        );
        assert_eq!(
            parsed(&format!("{ENTERPRISE}:manager.value pr")),
            Filter::Present(manager)
        );
    }

    #[test]
    fn dollar_ref_is_an_attribute_name() {
        let expected = AttrPath {
            urn: None,
            name: "members".into(),
            sub: Some("$ref".into()),
        };

        assert_eq!(parsed("members.$ref pr"), Filter::Present(expected));
        assert_eq!(parsed("$REF pr"), present("$REF"));
    }

    #[test]
    fn key_is_dotted_lowercase_without_urn() {
        assert_eq!(path("name.givenName").key(), "name.givenname");
        assert_eq!(
            path(&format!("{ENTERPRISE}:manager.value")).key(),
            "manager.value"
        );
        assert_eq!(path("userName").key(), "username");
    }

    #[test]
    fn value_path_holds_nested_logic() {
        let inner = or(
            and(
                compare("type", CompareOp::Eq, string("work")),
                compare("value", CompareOp::Co, string("@")),
            ),
            not(present("primary")),
        );
        let text = "emails[type eq \"work\" and value co \"@\" or not (primary pr)]";

        assert_eq!(
            parsed(text),
            Filter::ValuePath(path("emails"), Box::new(inner))
        );
    }

    #[test]
    fn value_path_combines_with_logic_outside() {
        let work = Filter::ValuePath(
            path("emails"),
            Box::new(compare("type", CompareOp::Eq, string("work"))),
        );

        assert_eq!(
            parsed("title pr and emails[type eq \"work\"]"),
            and(present("title"), work)
        );
    }

    #[test]
    fn string_escapes_decode() {
        let text = r#"x eq "q\" b\\ s\/ \b\f\n\r\t \u00e9\u00C9""#;
        let expected = "q\" b\\ s/ \u{8}\u{c}\n\r\t éÉ";

        assert_eq!(parsed(text), compare("x", CompareOp::Eq, string(expected)));
    }

    #[test]
    fn surrogate_pair_escape_decodes_to_one_char() {
        assert_eq!(
            parsed(r#"x eq "\uD83D\uDE00""#),
            compare("x", CompareOp::Eq, string("😀"))
        );
    }

    #[test]
    fn raw_unicode_in_strings_is_kept() {
        assert_eq!(
            parsed("x eq \"Zoë 日本 😀\""),
            compare("x", CompareOp::Eq, string("Zoë 日本 😀"))
        );
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        let cases: [(&str, Number); 8] = [
            ("0", Number::from(0)),
            ("-7", Number::from(-7)),
            ("42", Number::from(42)),
            ("18446744073709551615", Number::from(u64::MAX)),
            ("-9223372036854775808", Number::from(i64::MIN)),
            ("1.5", number_f64(1.5)),
            ("-2.5e-3", number_f64(-0.0025)),
            ("1E+2", number_f64(100.0)),
        ];

        for (text, number) in cases {
            let filter = parsed(&format!("n gt {text}"));
            assert_eq!(
                filter,
                compare("n", CompareOp::Gt, CompValue::Num(number)),
                "{text}"
            );
        }
    }

    fn number_f64(value: f64) -> Number {
        Number::from_f64(value).unwrap_or_else(|| Number::from(0))
    }

    #[test]
    fn integers_beyond_64_bits_become_doubles() {
        let filter = parsed("n eq 123456789012345678901234");
        assert_eq!(
            filter,
            compare(
                "n",
                CompareOp::Eq,
                CompValue::Num(number_f64(1.2345678901234568e23))
            )
        );
    }

    #[test]
    fn true_false_and_null_parse_in_any_case() {
        assert_eq!(
            parsed("a eq true"),
            compare("a", CompareOp::Eq, CompValue::Bool(true))
        );
        assert_eq!(
            parsed("a eq False"),
            compare("a", CompareOp::Eq, CompValue::Bool(false))
        );
        assert_eq!(
            parsed("a eq NULL"),
            compare("a", CompareOp::Eq, CompValue::Null)
        );
    }

    #[test]
    fn whitespace_around_tokens_is_flexible() {
        assert_eq!(
            parsed("  userName \t eq\n\"x\"  "),
            compare("userName", CompareOp::Eq, string("x"))
        );
    }

    // ----- errors -----

    #[test]
    fn malformed_filters_report_position_and_expectation() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "",
                0,
                "empty filter: expected an attribute name, \"(\" or \"not\" at position 0",
            ),
            (
                "   ",
                0,
                "empty filter: expected an attribute name, \"(\" or \"not\" at position 0",
            ),
            (
                "userName eqq \"x\"",
                9,
                "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) \
                 after \"userName\" at position 9, found \"eqq\"",
            ),
            (
                "userName",
                8,
                "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) \
                 after \"userName\" at position 8, found the end of the filter",
            ),
            (
                "userName = \"x\"",
                9,
                "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) \
                 after \"userName\" at position 9, found \"=\"",
            ),
            (
                "userName eq",
                11,
                "expected a value after \"eq\" at position 11, found the end of the filter",
            ),
            (
                "userName eq bjensen",
                12,
                "expected a value after \"eq\" (a \"quoted string\", a number, true, false or \
                 null) at position 12, found \"bjensen\"",
            ),
            (
                "title pr \"x\"",
                9,
                "\"pr\" takes no value, but found the string \"x\" at position 9",
            ),
            (
                "title pr true",
                9,
                "\"pr\" takes no value, but found \"true\" at position 9",
            ),
            (
                "userName eq \"bjensen",
                12,
                "unterminated string starting at position 12: expected a closing \"",
            ),
            (
                "userName eq \"x\" foo",
                16,
                "expected \"and\", \"or\" or the end of the filter at position 16, found \"foo\"",
            ),
            (
                "userName eq \"x\" and",
                19,
                "expected an attribute name, \"(\" or \"not\" at position 19, found the end \
                 of the filter",
            ),
            (
                "and",
                3,
                "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) \
                 after \"and\" at position 3, found the end of the filter",
            ),
            (
                "1abc pr",
                0,
                "expected an attribute name, \"(\" or \"not\" at position 0, found \"1abc\"",
            ),
            (
                "not title pr",
                4,
                "expected \"(\" after \"not\" at position 4, found \"title\"",
            ),
            (
                "()",
                1,
                "empty parentheses at position 1: expected a filter inside \"()\"",
            ),
            (
                "(title pr",
                9,
                "unbalanced parenthesis: expected \")\" at position 9 to close the \"(\" at \
                 position 0, found the end of the filter",
            ),
            (
                "title pr)",
                8,
                "unbalanced parenthesis: \")\" at position 8 has no matching \"(\"",
            ),
            (
                "(title pr]",
                9,
                "expected \"and\", \"or\" or \")\" at position 9, found \"]\"",
            ),
            (
                "emails[type eq \"work\"",
                21,
                "unbalanced bracket: expected \"]\" at position 21 to close the \"[\" at \
                 position 6, found the end of the filter",
            ),
            (
                "title pr]",
                8,
                "unbalanced bracket: \"]\" at position 8 has no matching \"[\"",
            ),
            (
                "emails[]",
                7,
                "empty value filter at position 7: expected a filter inside \"[]\"",
            ),
            (
                "emails[type[value pr] pr]",
                11,
                "nested value path at position 11: a filter inside \"[…]\" cannot contain \
                 another \"[\"",
            ),
            (
                "emails[type eq \"work\"].value eq \"x\"",
                22,
                "a sub-attribute after \"[…]\" is only allowed in a PATCH path, found \
                 \".value\" at position 22",
            ),
            (
                "name.givenName.first pr",
                14,
                "an attribute path has at most one sub-attribute, found a second \".\" at \
                 position 14",
            ),
            (
                "name. pr",
                5,
                "expected a sub-attribute name after \".\" at position 5, found nothing",
            ),
            (
                "urn:example:2.0 pr",
                12,
                "expected an attribute name after the schema URN \"urn:example\" at position \
                 12, found \"2\"",
            ),
            (
                "a$b pr",
                0,
                "expected an attribute name (a letter, then letters, digits, \"-\" or \"_\") \
                 at position 0, found \"a$b\"",
            ),
            (
                r#"x eq "a\qb""#,
                7,
                "bad escape \"\\q\" at position 7 in a string: expected one of \\\" \\\\ \\/ \
                 \\b \\f \\n \\r \\t \\uHHHH",
            ),
            (
                "x eq \"\\\u{1}\"",
                6,
                "bad escape \"\\\\u{1}\" at position 6 in a string: expected one of \\\" \\\\ \
                 \\/ \\b \\f \\n \\r \\t \\uHHHH",
            ),
            (
                r#"x eq "\u12G4""#,
                6,
                "bad \\u escape at position 6: expected 4 hex digits, found \"G4\"",
            ),
            (
                r#"x eq "\uD800""#,
                6,
                "unpaired surrogate \"\\uD800\" at position 6: a \\uD800-\\uDBFF escape must \
                 be followed by a \\uDC00-\\uDFFF one",
            ),
            (
                r#"x eq "\uDE00""#,
                6,
                "unpaired surrogate \"\\uDE00\" at position 6: a \\uD800-\\uDBFF escape must \
                 be followed by a \\uDC00-\\uDFFF one",
            ),
            (
                "x eq \"a\tb\"",
                7,
                "control character U+0009 at position 7 inside a string: write it as an \
                 escape such as \\n or \\u0009",
            ),
            (
                "n gt 01",
                6,
                "number with a leading zero at position 6: JSON numbers have none",
            ),
            (
                "n gt -",
                6,
                "expected a digit in the number at position 6, found the end of the filter",
            ),
            (
                "n gt 1.",
                7,
                "expected a digit after \".\" in the number at position 7, found the end of \
                 the filter",
            ),
            (
                "n gt 1e",
                7,
                "expected a digit in the exponent of the number at position 7, found the end \
                 of the filter",
            ),
            (
                "n gt 5x",
                6,
                "expected the end of the number at position 6, found \"x\"",
            ),
            (
                "n gt 1e999",
                5,
                "number out of range at position 5: \"1e999\" is too large",
            ),
        ];

        for (text, position, message) in cases {
            let error = parse_error(text);
            assert_eq!(
                (error.position, error.message.as_str()),
                (*position, *message),
                "{text:?}"
            );
        }
    }

    #[test]
    fn error_display_is_the_message() {
        let error = parse_error("userName eqq \"x\"");
        assert_eq!(error.to_string(), error.message);
    }

    #[test]
    fn error_positions_count_chars_not_bytes() {
        let error = parse_error("x eq \"日本語\" é");

        assert_eq!(error.position, 11);
        assert_eq!(
            error.message,
            "expected \"and\", \"or\" or the end of the filter at position 11, found \"é\""
        );
    }

    #[test]
    fn non_ascii_attribute_names_are_refused() {
        let error = parse_error("ünïcode eq \"x\"");

        assert_eq!(error.position, 0);
        assert!(
            error.message.contains("found \"ünïcode\""),
            "{}",
            error.message
        );
    }

    #[test]
    fn long_excerpts_are_cut() {
        let error = parse_error("title pr abcdefghijklmnopqrstuvwxyz");
        assert!(
            error
                .message
                .ends_with("found \"abcdefghijklmnopqrstuvwx…\""),
            "{error}"
        );
    }

    fn nested_parens(levels: usize) -> String {
        format!("{}title pr{}", "(".repeat(levels), ")".repeat(levels))
    }

    #[test]
    fn nesting_up_to_the_limit_parses() {
        assert_eq!(parsed(&nested_parens(MAX_DEPTH)), present("title"));

        let negations = format!(
            "{}title pr{}",
            "not (".repeat(MAX_DEPTH),
            ")".repeat(MAX_DEPTH)
        );
        assert!(parse(&negations).is_ok());
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_not_a_stack_overflow() {
        let error = parse_error(&nested_parens(MAX_DEPTH + 1));

        assert_eq!(error.position, MAX_DEPTH);
        assert!(
            error.message.starts_with("filter nested too deeply"),
            "{error}"
        );
        assert!(parse(&"(".repeat(1_000_000)).is_err());
        assert!(parse(&"not (".repeat(200_000)).is_err());
    }

    #[test]
    fn value_path_brackets_count_towards_the_nesting_limit() {
        let inside = format!(
            "{}a pr{}",
            "(".repeat(MAX_DEPTH - 1),
            ")".repeat(MAX_DEPTH - 1)
        );
        assert!(parse(&format!("emails[{inside}]")).is_ok());

        let deeper = format!("emails[({inside})]");
        assert!(parse_error(&deeper)
            .message
            .starts_with("filter nested too deeply"));
    }

    fn chain(terms: usize) -> String {
        vec!["id eq \"x\""; terms].join(" or ")
    }

    #[test]
    fn logical_operator_count_is_bounded() {
        assert!(parse(&chain(MAX_LOGICAL_OPERATORS + 1)).is_ok());

        let error = parse_error(&chain(MAX_LOGICAL_OPERATORS + 2));
        assert!(error.message.starts_with("filter too long"), "{error}");
        assert_eq!(error.position, (MAX_LOGICAL_OPERATORS + 1) * 13 - 3);
    }

    /// The deepest tree the parser lets through: every "not" and bracket level used,
    /// and every "and"/"or" in one left-leaning chain inside.
    fn deepest_filter_text() -> String {
        let nots = MAX_DEPTH - 1;
        format!(
            "{}emails[{}]{}",
            "not (".repeat(nots),
            chain(MAX_LOGICAL_OPERATORS + 1),
            ")".repeat(nots)
        )
    }

    #[test]
    fn deepest_allowed_filter_is_walked_safely_on_a_512_kib_stack() {
        let text = deepest_filter_text();
        let user = json!({"emails": [{"id": "x"}]});

        let worker = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                let filter = parsed(&text);
                let copy = filter.clone();
                let same = copy == filter && format!("{copy:?}").len() > text.len();
                (
                    filter.to_string() == text,
                    same,
                    matches(&filter, &user, &|_| true),
                )
            });
        let outcome = worker.map(|handle| handle.join().ok());

        let odd_nots = (MAX_DEPTH - 1) % 2 == 1;
        assert_eq!(outcome.ok().flatten(), Some((true, true, !odd_nots)));
    }

    // ----- display -----

    #[test]
    fn display_prints_the_canonical_form() {
        let filter = parsed("userName EQ \"x\"  AND (title PR OR nickName pr)");
        assert_eq!(
            filter.to_string(),
            "userName eq \"x\" and (title pr or nickName pr)"
        );
    }

    #[test]
    fn display_keeps_only_needed_parentheses() {
        let cases = [
            "a pr or b pr and c pr",
            "(a pr or b pr) and c pr",
            "a pr and (b pr and c pr)",
            "a pr or (b pr or c pr)",
            "not (a pr) and emails[type eq \"work\" or not (value pr)]",
        ];

        for text in cases {
            assert_eq!(parsed(text).to_string(), text);
        }
    }

    #[test]
    fn display_escapes_strings_as_json() {
        let filter = compare("x", CompareOp::Eq, string("q\"\\\n\t\u{1}é/"));

        assert_eq!(filter.to_string(), r#"x eq "q\"\\\n\t\u0001é/""#);
        assert_eq!(parsed(&filter.to_string()), filter);
    }

    #[test]
    fn display_prints_urns_numbers_and_literals() {
        let text = format!("{ENTERPRISE}:manager.value eq null or n ge -1.5 or b ne true");
        assert_eq!(parsed(&text).to_string(), text);
    }

    // ----- evaluation: the RFC 7644 §3.4.2.2 examples -----

    #[test]
    fn rfc_example_filters_evaluate_against_sample_users() {
        let cases: &[(&str, bool, bool)] = &[
            ("userName eq \"bjensen\"", true, false),
            ("name.familyName co \"O'Malley\"", true, false),
            ("userName sw \"J\"", false, true),
            (
                "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
                false,
                true,
            ),
            ("title pr", true, false),
            ("meta.lastModified gt \"2011-05-13T04:42:34Z\"", true, false),
            ("title pr and userType eq \"Employee\"", true, false),
            ("title pr or userType eq \"Intern\"", true, true),
            (
                "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
                true,
                false,
            ),
            (
                "userType eq \"Employee\" and (emails co \"example.com\" or \
                 emails.value co \"example.org\")",
                true,
                false,
            ),
            (
                "userType ne \"Employee\" and not (emails co \"example.com\" or \
                 emails.value co \"example.org\")",
                false,
                true,
            ),
            (
                "userType eq \"Employee\" and (emails.type eq \"work\")",
                true,
                false,
            ),
            (
                "userType eq \"Employee\" and emails[type eq \"work\" and \
                 value co \"@example.com\"]",
                true,
                false,
            ),
            (
                "emails[type eq \"work\" and value co \"@example.com\"] or \
                 ims[type eq \"xmpp\" and value co \"@foo.com\"]",
                true,
                true,
            ),
        ];

        for (text, for_babs, for_jim) in cases {
            assert_eq!(eval(text, &babs()), *for_babs, "{text} on babs");
            assert_eq!(eval(text, &jim()), *for_jim, "{text} on jim");
        }
    }

    #[test]
    fn okta_user_lookup_matches_username_in_any_case() {
        let ada = json!({"userName": "ada@example.com"});

        assert!(eval("userName eq \"ada@example.com\"", &ada));
        assert!(eval("userName eq \"ADA@EXAMPLE.COM\"", &ada));
        assert!(!eval("userName eq \"grace@example.com\"", &ada));
    }

    #[test]
    fn okta_lookup_of_an_unknown_email_matches_nothing() {
        assert!(!eval("userName eq \"nobody@example.com\"", &babs()));
        assert!(!eval("emails.value eq \"nobody@example.com\"", &babs()));
    }

    // ----- evaluation: one operator at a time -----

    #[test]
    fn eq_matches_an_equal_value() {
        assert!(eval("title eq \"tour guide\"", &babs()));
        assert!(!eval("title eq \"Tour\"", &babs()));
    }

    #[test]
    fn ne_matches_a_different_value() {
        assert!(eval("title ne \"Tour\"", &babs()));
        assert!(!eval("title ne \"TOUR GUIDE\"", &babs()));
    }

    #[test]
    fn co_matches_a_substring() {
        assert!(eval("title co \"UR GU\"", &babs()));
        assert!(!eval("title co \"bus\"", &babs()));
    }

    #[test]
    fn sw_matches_a_prefix() {
        assert!(eval("title sw \"tour\"", &babs()));
        assert!(!eval("title sw \"guide\"", &babs()));
    }

    #[test]
    fn ew_matches_a_suffix() {
        assert!(eval("title ew \"GUIDE\"", &babs()));
        assert!(!eval("title ew \"tour\"", &babs()));
    }

    #[test]
    fn gt_matches_a_greater_value() {
        assert!(eval("loginCount gt 9", &babs()));
        assert!(!eval("loginCount gt 10", &babs()));
    }

    #[test]
    fn ge_matches_a_greater_or_equal_value() {
        assert!(eval("loginCount ge 10", &babs()));
        assert!(!eval("loginCount ge 10.5", &babs()));
    }

    #[test]
    fn lt_matches_a_smaller_value() {
        assert!(eval("loginCount lt 10.5", &babs()));
        assert!(!eval("loginCount lt 10", &babs()));
    }

    #[test]
    fn le_matches_a_smaller_or_equal_value() {
        assert!(eval("loginCount le 1e1", &babs()));
        assert!(!eval("loginCount le 9", &babs()));
    }

    #[test]
    fn pr_matches_a_value_that_is_not_empty() {
        assert!(eval("title pr", &babs()));
        assert!(eval("emails pr", &babs()));
        assert!(eval("name pr", &babs()));
        assert!(eval("active pr", &jim()));
    }

    #[test]
    fn pr_does_not_match_null_empty_or_missing_values() {
        let empty = json!({
            "nickName": "", "manager": null, "emails": [], "name": {},
            "ims": [{}], "photos": [{"value": null}], "x509": [""]
        });

        for attribute in [
            "nickName", "manager", "emails", "name", "ims", "photos", "x509", "title",
        ] {
            assert!(!eval(&format!("{attribute} pr"), &empty), "{attribute}");
        }
    }

    #[test]
    fn pr_on_a_sub_attribute_looks_at_each_element() {
        assert!(eval("emails.primary pr", &babs()));
        assert!(!eval("emails.display pr", &babs()));
    }

    // ----- evaluation: the RFC's rules -----

    #[test]
    fn numbers_compare_numerically_not_as_text() {
        assert!(eval("loginCount gt 9", &babs()));
        assert!(eval("loginCount eq 10.0", &babs()));
        assert!(eval("loginCount lt 18446744073709551615", &babs()));
        assert!(eval("loginCount gt -9223372036854775808", &babs()));
    }

    #[test]
    fn strings_order_lexicographically() {
        assert!(eval("userName gt \"bj\"", &babs()));
        assert!(eval("userName lt \"BJF\"", &babs()));
        assert!(!eval("userName le \"b\"", &babs()));
    }

    #[test]
    fn datetimes_order_as_strings() {
        assert!(eval(
            "meta.lastModified ge \"2024-02-01T09:30:00Z\"",
            &babs()
        ));
        assert!(eval(
            "meta.lastModified lt \"2024-02-01T09:30:01Z\"",
            &babs()
        ));
        assert!(!eval(
            "meta.lastModified gt \"2025-01-01T00:00:00Z\"",
            &babs()
        ));
    }

    #[test]
    fn ordering_on_booleans_never_matches() {
        for op in ["gt", "ge", "lt", "le", "co", "sw", "ew"] {
            assert!(!eval(&format!("active {op} false"), &babs()), "{op}");
            assert!(!eval(&format!("active {op} true"), &babs()), "{op}");
        }
    }

    #[test]
    fn booleans_compare_with_eq_and_ne() {
        assert!(eval("active eq true", &babs()));
        assert!(eval("active ne true", &jim()));
        assert!(!eval("active eq true", &jim()));
    }

    #[test]
    fn a_literal_never_matches_a_value_of_another_type() {
        assert!(!eval("loginCount eq \"10\"", &babs()));
        assert!(!eval("userName eq 1", &babs()));
        assert!(!eval("active eq \"true\"", &babs()));
        assert!(!eval("loginCount ne \"10\"", &babs()));
        assert!(!eval("name eq \"x\"", &babs()));
    }

    #[test]
    fn substring_operators_apply_to_strings_only() {
        assert!(!eval("loginCount co 1", &babs()));
        assert!(!eval("loginCount sw 1", &babs()));
    }

    #[test]
    fn eq_null_matches_missing_or_null_attributes() {
        assert!(eval("nonexistent eq null", &babs()));
        assert!(eval("manager eq null", &jim()));
        assert!(!eval("title eq null", &babs()));
    }

    #[test]
    fn ne_null_matches_attributes_with_a_value() {
        assert!(eval("title ne null", &babs()));
        assert!(!eval("title ne null", &jim()));
        assert!(!eval("manager ne null", &jim()));
    }

    #[test]
    fn ne_matches_a_missing_attribute() {
        assert!(eval("title ne \"Tour Guide\"", &jim()));
        assert!(eval("manager ne \"x\"", &jim()));
    }

    #[test]
    fn other_operators_never_match_a_missing_attribute() {
        for op in ["eq", "co", "sw", "ew", "gt", "ge", "lt", "le"] {
            assert!(!eval(&format!("title {op} \"T\""), &jim()), "{op}");
        }
    }

    #[test]
    fn ne_on_a_multi_valued_attribute_matches_when_any_value_differs() {
        assert!(eval("emails.type ne \"work\"", &babs()));
        assert!(!eval("emails.type ne \"work\"", &jim()));
    }

    #[test]
    fn attribute_names_match_json_keys_in_any_case() {
        assert!(eval("USERNAME eq \"bjensen\"", &babs()));
        assert!(eval("Name.FamilyName eq \"o'malley\"", &babs()));
        assert!(eval("EMAILS[TYPE eq \"work\"]", &babs()));
    }

    #[test]
    fn case_insensitive_comparison_lowercases_unicode() {
        let user = json!({"name": {"familyName": "Ågren-Émile"}});

        assert!(eval("name.familyName eq \"åGREN-éMILE\"", &user));
        assert!(eval("name.familyName sw \"ÅG\"", &user));
    }

    #[test]
    fn case_exact_attributes_compare_exactly() {
        let upper = "2819C223-7F76-453A-919D-413861904646";

        assert!(!eval(&format!("id eq \"{upper}\""), &babs()));
        assert!(eval(
            &format!("id eq \"{}\"", upper.to_lowercase()),
            &babs()
        ));
    }

    #[test]
    fn multi_valued_attribute_matches_when_any_element_does() {
        assert!(eval("emails.value eq \"babs@jensen.org\"", &babs()));
        assert!(eval("emails.type eq \"home\"", &babs()));
        assert!(eval(
            "schemas eq \"URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER\"",
            &babs()
        ));
    }

    #[test]
    fn complex_attribute_without_sub_attribute_compares_its_value() {
        assert!(eval("emails eq \"BABS@jensen.org\"", &babs()));
        assert!(!eval("emails eq \"home\"", &babs()));
    }

    #[test]
    fn value_path_requires_one_element_to_match_the_whole_inner_filter() {
        assert!(eval(
            "emails[type eq \"home\" and value ew \"jensen.org\"]",
            &babs()
        ));
        assert!(!eval(
            "emails[type eq \"work\" and value ew \"jensen.org\"]",
            &babs()
        ));
        assert!(eval(
            "emails[type eq \"work\" and not (value ew \"jensen.org\")]",
            &babs()
        ));
    }

    #[test]
    fn value_path_on_a_missing_attribute_matches_nothing() {
        assert!(!eval("phoneNumbers[type eq \"work\"]", &babs()));
        assert!(!eval("phoneNumbers[not (type pr)]", &babs()));
    }

    #[test]
    fn case_exact_is_asked_with_the_full_key() {
        let asked = std::cell::RefCell::new(Vec::new());
        let record = |key: &str| {
            asked.borrow_mut().push(key.to_string());
            false
        };
        let filter = parsed(
            "emails[type eq \"work\" and value co \"@\"] and emails co \"x\" and \
             name.givenName eq \"barbara\" and \
             urn:ietf:params:scim:schemas:core:2.0:User:id eq \"y\"",
        );

        matches(&filter, &babs(), &record);
        assert_eq!(
            asked.into_inner(),
            [
                "emails.type",
                "emails.value",
                "emails.value",
                "name.givenname",
                "id"
            ]
        );
    }

    #[test]
    fn enterprise_urn_selects_the_extension_object() {
        let department = format!("{ENTERPRISE}:department eq \"tour operations\"");
        let manager =
            format!("{ENTERPRISE}:manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"");

        assert!(eval(&department, &babs()));
        assert!(eval(&manager, &babs()));
        assert!(eval(
            &format!("{ENTERPRISE}:manager eq \"26118915-6090-4610-87e4-49d8ca9f808d\""),
            &babs()
        ));
        assert!(!eval("department pr", &babs()));
    }

    #[test]
    fn urn_matches_the_extension_key_in_any_case() {
        let filter = format!("{}:employeeNumber eq \"701984\"", ENTERPRISE.to_uppercase());
        assert!(eval(&filter, &babs()));
    }

    #[test]
    fn core_urn_selects_the_top_level() {
        assert!(eval(
            &format!("{CORE}:name.givenName eq \"Barbara\""),
            &babs()
        ));
    }

    #[test]
    fn unknown_urn_matches_nothing() {
        assert!(!eval("urn:example:other:userName eq \"bjensen\"", &babs()));
        assert!(eval("urn:example:other:userName eq null", &babs()));
    }

    #[test]
    fn not_inverts_the_inner_filter() {
        assert!(eval("not (title pr)", &jim()));
        assert!(!eval("not (title pr)", &babs()));
    }

    #[test]
    fn a_resource_that_is_not_an_object_matches_no_attribute() {
        assert!(!matches(
            &parsed("title pr"),
            &json!([1, 2]),
            &scim_case_exact
        ));
        assert!(!matches(
            &parsed("title eq \"x\""),
            &json!("text"),
            &scim_case_exact
        ));
    }

    // ----- PATCH paths -----

    fn patch_path(text: &str) -> PatchPath {
        match parse_patch_path(text) {
            Ok(path) => path,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    #[test]
    fn patch_path_with_a_value_filter_and_sub_attribute() {
        let expected = PatchPath {
            attr: AttrPath::new("emails"),
            filter: Some(compare("type", CompareOp::Eq, string("work"))),
            sub: Some("value".into()),
        };

        assert_eq!(patch_path("emails[type eq \"work\"].value"), expected);
    }

    #[test]
    fn patch_path_with_a_value_filter_alone() {
        let member = "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]";
        let parsed_path = patch_path(member);

        assert_eq!(parsed_path.attr, AttrPath::new("members"));
        assert!(parsed_path.filter.is_some());
        assert_eq!(parsed_path.sub, None);
        assert_eq!(parsed_path.to_string(), member);
    }

    #[test]
    fn patch_path_with_a_sub_attribute() {
        let expected = PatchPath {
            attr: path("name.givenName"),
            filter: None,
            sub: None,
        };

        assert_eq!(patch_path("name.givenName"), expected);
        assert_eq!(expected.attr.sub.as_deref(), Some("givenName"));
    }

    #[test]
    fn patch_path_with_an_extension_urn() {
        let parsed_path = patch_path(&format!("{ENTERPRISE}:department"));

        assert_eq!(parsed_path.attr.urn.as_deref(), Some(ENTERPRISE));
        assert_eq!(parsed_path.attr.name, "department");
    }

    #[test]
    fn malformed_patch_paths_report_position_and_expectation() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "",
                0,
                "empty path: expected an attribute name at position 0",
            ),
            (
                "\"x\"",
                0,
                "expected an attribute name at position 0, found the string \"x\"",
            ),
            (
                "emails[type eq \"work\"].",
                23,
                "expected a sub-attribute name after \".\" at position 23, found nothing",
            ),
            (
                "emails[type eq \"work\"].value.x",
                28,
                "an attribute path has at most one sub-attribute, found a second \".\" at \
                 position 28",
            ),
            (
                "emails[type eq \"work\"] x",
                23,
                "expected the end of the path at position 23, found \"x\"",
            ),
            (
                "userName pr",
                9,
                "expected the end of the path at position 9, found \"pr\"",
            ),
            (
                "emails[type eq \"work\"",
                21,
                "unbalanced bracket: expected \"]\" at position 21 to close the \"[\" at \
                 position 6, found the end of the path",
            ),
        ];

        for (text, position, message) in cases {
            let error = match parse_patch_path(text) {
                Ok(path) => panic!("{text:?} should not parse, got {path:?}"),
                Err(error) => error,
            };
            assert_eq!(
                (error.position, error.message.as_str()),
                (*position, *message),
                "{text:?}"
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;
        use proptest::test_runner::Config;

        fn config(cases: u32) -> Config {
            Config {
                cases,
                failure_persistence: None,
                ..Config::default()
            }
        }

        fn name() -> impl Strategy<Value = String> {
            prop_oneof![
                4 => "[a-zA-Z][a-zA-Z0-9_-]{0,8}",
                1 => prop::sample::select(vec!["$ref", "not", "and", "or", "pr", "eq", "null"])
                    .prop_map(String::from),
            ]
        }

        fn attr_path() -> impl Strategy<Value = AttrPath> {
            let urn = prop::option::weighted(0.2, "[a-zA-Z][a-zA-Z0-9:._-]{0,20}");

            (urn, name(), prop::option::of(name())).prop_map(|(urn, name, sub)| AttrPath {
                urn,
                name,
                sub,
            })
        }

        fn comp_value() -> impl Strategy<Value = CompValue> {
            prop_oneof![
                any::<String>().prop_map(CompValue::Str),
                any::<i64>().prop_map(|n| CompValue::Num(Number::from(n))),
                any::<u64>().prop_map(|n| CompValue::Num(Number::from(n))),
                any::<f64>().prop_filter_map("finite", float),
                any::<bool>().prop_map(CompValue::Bool),
                Just(CompValue::Null),
            ]
        }

        fn float(x: f64) -> Option<CompValue> {
            Number::from_f64(x).map(CompValue::Num)
        }

        fn operator() -> impl Strategy<Value = CompareOp> {
            prop::sample::select(CompareOp::ALL.to_vec())
        }

        fn attr_expression(paths: BoxedStrategy<AttrPath>) -> BoxedStrategy<Filter> {
            prop_oneof![
                paths.clone().prop_map(Filter::Present),
                (paths, operator(), comp_value())
                    .prop_map(|(path, op, value)| Filter::Compare(path, op, value)),
            ]
            .boxed()
        }

        /// Wraps leaves in `and`, `or` and `not`.
        fn logic(leaf: BoxedStrategy<Filter>) -> BoxedStrategy<Filter> {
            leaf.prop_recursive(4, 24, 2, |inner| {
                prop_oneof![
                    (inner.clone(), inner.clone()).prop_map(|(l, r)| and(l, r)),
                    (inner.clone(), inner.clone()).prop_map(|(l, r)| or(l, r)),
                    inner.prop_map(not),
                ]
            })
            .boxed()
        }

        /// Filters the grammar can express: value paths, but none inside another.
        fn filter(paths: BoxedStrategy<AttrPath>) -> BoxedStrategy<Filter> {
            let flat = logic(attr_expression(paths.clone()));
            let value_path = (paths.clone(), flat)
                .prop_map(|(path, inner)| Filter::ValuePath(path, Box::new(inner)));

            logic(prop_oneof![3 => attr_expression(paths), 1 => value_path].boxed())
        }

        /// Paths likely to hit the keys of [`json_resource`], in any case.
        fn resource_path() -> BoxedStrategy<AttrPath> {
            let names = prop::sample::select(vec![
                "userName",
                "USERNAME",
                "emails",
                "value",
                "type",
                "name",
                "givenName",
                "active",
                "count",
                "$ref",
                "other",
            ]);
            let urns = prop::option::weighted(
                0.2,
                prop::sample::select(vec![CORE, ENTERPRISE, "urn:unknown"]),
            );

            (urns, names.clone(), prop::option::weighted(0.4, names))
                .prop_map(|(urn, name, sub)| AttrPath {
                    urn: urn.map(String::from),
                    name: name.to_string(),
                    sub: sub.map(String::from),
                })
                .boxed()
        }

        fn json_resource() -> impl Strategy<Value = Value> {
            let keys = prop::sample::select(vec![
                "userName",
                "emails",
                "value",
                "type",
                "name",
                "givenName",
                "active",
                "count",
                "$ref",
                ENTERPRISE,
            ]);
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                prop::sample::select(vec!["", "a", "A", "work", "Ωmega", "ß"])
                    .prop_map(Value::from),
                any::<String>().prop_map(Value::from),
            ];

            leaf.prop_recursive(5, 48, 6, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::vec((keys.clone(), inner), 0..5).prop_map(|members| {
                        Value::Object(
                            members
                                .into_iter()
                                .map(|(k, v)| (k.to_string(), v))
                                .collect(),
                        )
                    }),
                ]
            })
        }

        /// Pieces of filters, broken ones included, separated by single spaces.
        const FILTERISH: &str = "userName emails name.givenName a.b.c urn:x:2.0:User:title \
            : . $ref not NOT and Or pr eq EQ ne co sw ew gt ge lt le ( ) [ ] \"x\" \" \\ \
            \\u \\uD83D \\uDE00 \\n \"\\uD83D\\uDE00\" 0 01 - -1.5e3 1. 1e 1e999 true \
            False null é 日本 😀 \u{0}";

        fn filterish_token() -> impl Strategy<Value = &'static str> {
            let tokens: Vec<&str> = FILTERISH.split(' ').chain(["\t", "  "]).collect();
            prop::sample::select(tokens)
        }

        fn filterish_text() -> impl Strategy<Value = String> {
            let separator = prop::sample::select(vec!["", " ", "  "]);

            prop::collection::vec((filterish_token(), separator), 0..24).prop_map(|parts| {
                parts
                    .into_iter()
                    .flat_map(|(token, sep)| [token, sep])
                    .collect()
            })
        }

        /// A valid filter's text with a few chars cut out and tokens put in.
        fn mutated_filter_text() -> impl Strategy<Value = String> {
            let edit = (any::<prop::sample::Index>(), 0..4usize, filterish_token());

            let edits = prop::collection::vec(edit, 1..4);
            (filter(attr_path().boxed()), edits).prop_map(|(filter, edits)| {
                let mut chars: Vec<char> = filter.to_string().chars().collect();

                for (at, cut, token) in edits {
                    let start = at.index(chars.len() + 1);
                    let end = (start + cut).min(chars.len());
                    chars.splice(start..end, token.chars());
                }
                chars.into_iter().collect()
            })
        }

        /// Either outcome of a parse is fine; an error must point inside the input,
        /// and a success must print back to itself.
        fn check_parse(text: &str) -> Result<(), TestCaseError> {
            match parse(text) {
                Ok(filter) => prop_assert_eq!(parse(&filter.to_string()), Ok(filter)),
                Err(error) => {
                    prop_assert!(error.position <= text.chars().count());
                    let at = format!("position {}", error.position);
                    prop_assert!(error.message.contains(&at), "{}", error.message);
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(config(20_000))]

            #[test]
            fn parse_never_panics_on_arbitrary_text(text in any::<String>()) {
                check_parse(&text)?;
                let _ = parse_patch_path(&text);
            }

            #[test]
            fn parse_never_panics_on_filterish_text(text in filterish_text()) {
                check_parse(&text)?;
                let _ = parse_patch_path(&text);
            }
        }

        proptest! {
            #![proptest_config(config(5_000))]

            #[test]
            fn parse_never_panics_on_mutated_filters(text in mutated_filter_text()) {
                check_parse(&text)?;
                let _ = parse_patch_path(&text);
            }

            #[test]
            fn display_then_parse_gives_the_same_filter(filter in filter(attr_path().boxed())) {
                let text = filter.to_string();
                prop_assert_eq!(parse(&text), Ok(filter), "{}", text);
            }

            #[test]
            fn matches_never_panics_and_not_inverts(
                filter in filter(resource_path()),
                resource in json_resource(),
                exact in any::<bool>(),
            ) {
                let case_exact = move |_: &str| exact;
                let matched = matches(&filter, &resource, &case_exact);
                let negated = Filter::Not(Box::new(filter.clone()));

                prop_assert_eq!(matches(&negated, &resource, &case_exact), !matched);
                let reparsed = parse(&filter.to_string());
                let again = reparsed.map(|f| matches(&f, &resource, &case_exact));
                prop_assert_eq!(again, Ok(matched));
            }
        }
    }
}
