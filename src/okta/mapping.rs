//! Attribute mappings from Okta profile attributes to LeadIQ's SCIM attributes: Okta's SCIM
//! template defaults, editing, validation, and the exact user bodies Okta builds from them.

use super::json::{array, quote, Obj};
use super::people::{Profile, ProfileAttr};

/// SCIM core user schema URN.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// SCIM enterprise user extension URN.
pub const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// A SCIM attribute a mapping can write, in the order Okta's bodies carry them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScimTarget {
    /// `userName`.
    UserName,
    /// `name.givenName`.
    GivenName,
    /// `name.familyName`.
    FamilyName,
    /// `name.middleName`.
    MiddleName,
    /// The primary work email.
    PrimaryEmail,
    /// A second, non-primary email.
    SecondEmail,
    /// The primary work phone.
    WorkPhone,
    /// The mobile phone.
    MobilePhone,
    /// `displayName`.
    DisplayName,
    /// `nickName`.
    NickName,
    /// `title`.
    Title,
    /// `userType`.
    UserType,
    /// `timezone`.
    Timezone,
    /// `locale`.
    Locale,
    /// Enterprise `employeeNumber`.
    EmployeeNumber,
    /// Enterprise `costCenter`.
    CostCenter,
    /// Enterprise `organization`.
    Organization,
    /// Enterprise `division`.
    Division,
    /// Enterprise `department`.
    Department,
    /// Enterprise `manager.value` (the manager's id).
    ManagerValue,
    /// Enterprise `manager.displayName`.
    ManagerDisplayName,
}

const TARGET_COUNT: usize = 21;

impl ScimTarget {
    /// Every target, in body order.
    pub const ALL: [ScimTarget; TARGET_COUNT] = [
        Self::UserName,
        Self::GivenName,
        Self::FamilyName,
        Self::MiddleName,
        Self::PrimaryEmail,
        Self::SecondEmail,
        Self::WorkPhone,
        Self::MobilePhone,
        Self::DisplayName,
        Self::NickName,
        Self::Title,
        Self::UserType,
        Self::Timezone,
        Self::Locale,
        Self::EmployeeNumber,
        Self::CostCenter,
        Self::Organization,
        Self::Division,
        Self::Department,
        Self::ManagerValue,
        Self::ManagerDisplayName,
    ];

    /// The attribute Okta requires of every SCIM app; unmapped, provisioning breaks.
    pub const REQUIRED: [ScimTarget; 4] = [
        Self::UserName,
        Self::GivenName,
        Self::FamilyName,
        Self::PrimaryEmail,
    ];

    /// The SCIM path, as Okta's profile editor shows an app attribute's external name.
    pub fn scim_path(self) -> &'static str {
        match self {
            Self::UserName => "userName",
            Self::GivenName => "name.givenName",
            Self::FamilyName => "name.familyName",
            Self::MiddleName => "name.middleName",
            Self::PrimaryEmail => "emails[type eq \"work\"].value",
            Self::SecondEmail => "emails[type eq \"other\"].value",
            Self::WorkPhone => "phoneNumbers[type eq \"work\"].value",
            Self::MobilePhone => "phoneNumbers[type eq \"mobile\"].value",
            Self::DisplayName => "displayName",
            Self::NickName => "nickName",
            Self::Title => "title",
            Self::UserType => "userType",
            Self::Timezone => "timezone",
            Self::Locale => "locale",
            Self::EmployeeNumber => "enterprise:employeeNumber",
            Self::CostCenter => "enterprise:costCenter",
            Self::Organization => "enterprise:organization",
            Self::Division => "enterprise:division",
            Self::Department => "enterprise:department",
            Self::ManagerValue => "enterprise:manager.value",
            Self::ManagerDisplayName => "enterprise:manager.displayName",
        }
    }

    /// Whether Okta requires the target of every SCIM app.
    pub fn is_required(self) -> bool {
        Self::REQUIRED.contains(&self)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Where a mapped value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A profile attribute, `user.<name>` in Okta's expression language.
    Attribute(ProfileAttr),
    /// The same text for every person.
    Constant(String),
}

/// A simple transform applied to the source value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Transform {
    /// The value as it is.
    #[default]
    None,
    /// Lower-cased.
    Lowercase,
    /// Upper-cased.
    Uppercase,
    /// Leading and trailing whitespace removed.
    Trim,
}

impl Transform {
    /// Applies the transform.
    pub fn apply(self, value: &str) -> String {
        match self {
            Self::None => value.to_string(),
            Self::Lowercase => crate::engine::text::lowercase(value),
            Self::Uppercase => crate::engine::text::uppercase(value),
            Self::Trim => value.trim().to_string(),
        }
    }
}

/// One mapping rule: target ← transform(source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The SCIM attribute written.
    pub target: ScimTarget,
    /// Where the value comes from.
    pub source: Source,
    /// Transform applied to the source value.
    pub transform: Transform,
}

impl Mapping {
    /// A rule that copies a profile attribute unchanged.
    pub fn attribute(target: ScimTarget, attr: ProfileAttr) -> Self {
        Self {
            target,
            source: Source::Attribute(attr),
            transform: Transform::None,
        }
    }

    /// The rule as an expression, the way Okta's mapping editor shows it, e.g.
    /// `String.toLowerCase(user.login)`. Okta's language has no trim function; the
    /// sandbox writes that transform as `String.trim(…)`.
    pub fn expression(&self) -> String {
        let inner = match &self.source {
            Source::Attribute(attr) => format!("user.{}", attr.name()),
            Source::Constant(text) => quote(text),
        };
        match self.transform {
            Transform::None => inner,
            Transform::Lowercase => format!("String.toLowerCase({inner})"),
            Transform::Uppercase => format!("String.toUpperCase({inner})"),
            Transform::Trim => format!("String.trim({inner})"),
        }
    }

    fn evaluate(&self, profile: &Profile) -> String {
        match &self.source {
            Source::Attribute(attr) => self.transform.apply(profile.get(*attr)),
            Source::Constant(text) => self.transform.apply(text),
        }
    }
}

/// How serious a mapping issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Provisioning breaks: Okta's editor would not save this.
    Error,
    /// Provisioning runs but will likely go wrong for some people.
    Warning,
}

/// Something in the mappings that breaks, or threatens, provisioning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingIssue {
    /// Nothing maps to `userName`, which Okta matches and creates users by.
    NoUserName,
    /// A required attribute other than `userName` has no mapping.
    RequiredUnmapped(ScimTarget),
    /// Two or more rules write the same target.
    DuplicateTarget(ScimTarget),
    /// `userName` is a constant: every person gets the same one, so the second create
    /// meets 409 uniqueness.
    ConstantUserName,
    /// A required target is mapped to an empty constant.
    EmptyRequiredConstant(ScimTarget),
    /// `userName` comes from an attribute many people share or may leave empty.
    UserNameNotUnique(ProfileAttr),
}

impl MappingIssue {
    /// Whether this blocks saving or only warns.
    pub fn severity(&self) -> Severity {
        match self {
            Self::UserNameNotUnique(_) => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// One sentence for the trainee.
    pub fn message(&self) -> String {
        match self {
            Self::NoUserName => "Nothing is mapped to userName: Okta looks LeadIQ users up and \
                                 creates them by userName, so provisioning cannot start."
                .to_string(),
            Self::RequiredUnmapped(t) => format!(
                "{} is required by Okta's SCIM integration but nothing is mapped to it.",
                t.scim_path()
            ),
            Self::DuplicateTarget(t) => format!(
                "{} has more than one source: keep exactly one mapping for it.",
                t.scim_path()
            ),
            Self::ConstantUserName => "userName is a constant: every person would get the \
                                       same userName and every create after the first \
                                       would fail with 409."
                .to_string(),
            Self::EmptyRequiredConstant(t) => format!(
                "{} is required but mapped to an empty constant, so it is never sent.",
                t.scim_path()
            ),
            Self::UserNameNotUnique(attr) => format!(
                "userName comes from user.{}, which is not unique per person: \
                 lookups may match the wrong LeadIQ user.",
                attr.name()
            ),
        }
    }
}

/// The full set of mapping rules of the LeadIQ app in Okta.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mappings {
    rules: Vec<Mapping>,
}

impl Default for Mappings {
    fn default() -> Self {
        Self::okta_template()
    }
}

impl Mappings {
    /// The defaults of Okta's SCIM 2.0 app template (the reference marks them as coming
    /// from third-party pages): login → userName, names, emails, phones, same-named core
    /// attributes, and the enterprise extension.
    // Assumed (template-defaults): the pairs below come from third-party pages.
    pub fn okta_template() -> Self {
        use ProfileAttr as P;
        use ScimTarget as T;

        let pairs = [
            (T::UserName, P::Login),
            (T::GivenName, P::FirstName),
            (T::FamilyName, P::LastName),
            (T::MiddleName, P::MiddleName),
            (T::PrimaryEmail, P::Email),
            (T::SecondEmail, P::SecondEmail),
            (T::WorkPhone, P::PrimaryPhone),
            (T::MobilePhone, P::MobilePhone),
            (T::DisplayName, P::DisplayName),
            (T::NickName, P::NickName),
            (T::Title, P::Title),
            (T::UserType, P::UserType),
            (T::Timezone, P::Timezone),
            (T::Locale, P::Locale),
            (T::EmployeeNumber, P::EmployeeNumber),
            (T::CostCenter, P::CostCenter),
            (T::Organization, P::Organization),
            (T::Division, P::Division),
            (T::Department, P::Department),
            (T::ManagerValue, P::ManagerId),
            (T::ManagerDisplayName, P::Manager),
        ];
        let rules = pairs
            .into_iter()
            .map(|(t, p)| Mapping::attribute(t, p))
            .collect();
        Self { rules }
    }

    /// No rules at all.
    pub fn empty() -> Self {
        Self { rules: Vec::new() }
    }

    /// The rules, in the order they were added.
    pub fn rules(&self) -> &[Mapping] {
        &self.rules
    }

    /// Replaces the rules writing `mapping.target` with `mapping` (or adds it).
    pub fn set(&mut self, mapping: Mapping) {
        match self.rules.iter().position(|m| m.target == mapping.target) {
            Some(i) => {
                self.rules.retain(|m| m.target != mapping.target);
                self.rules.insert(i.min(self.rules.len()), mapping);
            }
            None => self.rules.push(mapping),
        }
    }

    /// Adds a rule even when its target already has one, as a second row in the editor.
    pub fn push(&mut self, mapping: Mapping) {
        self.rules.push(mapping);
    }

    /// Removes every rule writing `target`.
    pub fn remove(&mut self, target: ScimTarget) {
        self.rules.retain(|m| m.target != target);
    }

    /// Everything that breaks or threatens provisioning, errors first, in a stable order.
    pub fn validate(&self) -> Vec<MappingIssue> {
        let mut issues = Vec::new();
        let count = |t: ScimTarget| self.rules.iter().filter(|m| m.target == t).count();

        if count(ScimTarget::UserName) == 0 {
            issues.push(MappingIssue::NoUserName);
        }
        for target in ScimTarget::REQUIRED.into_iter().skip(1) {
            if count(target) == 0 {
                issues.push(MappingIssue::RequiredUnmapped(target));
            }
        }
        for target in ScimTarget::ALL {
            if count(target) > 1 {
                issues.push(MappingIssue::DuplicateTarget(target));
            }
        }
        issues.extend(self.rules.iter().filter_map(constant_issue));
        // Errors first, each group in the order found: a stable partition, which costs
        // the bundle far less than a stable sort would.
        let (mut errors, warnings): (Vec<_>, Vec<_>) = issues
            .into_iter()
            .partition(|i| i.severity() != Severity::Warning);
        errors.extend(warnings);
        errors
    }

    /// Whether the rules have no error-level issue.
    pub fn is_valid(&self) -> bool {
        self.validate()
            .iter()
            .all(|i| i.severity() != Severity::Error)
    }

    /// The values the rules give `profile`, first rule per target winning.
    pub fn evaluate(&self, profile: &Profile) -> MappedUser {
        let mut values: [Option<String>; TARGET_COUNT] = Default::default();
        for rule in &self.rules {
            if let Some(slot) = values.get_mut(rule.target.index()) {
                slot.get_or_insert_with(|| rule.evaluate(profile));
            }
        }
        MappedUser { values }
    }
}

fn constant_issue(rule: &Mapping) -> Option<MappingIssue> {
    let text = match &rule.source {
        Source::Constant(text) => rule.transform.apply(text),
        Source::Attribute(attr) => return attribute_issue(rule.target, *attr),
    };
    if rule.target.is_required() && text.is_empty() {
        return Some(MappingIssue::EmptyRequiredConstant(rule.target));
    }
    (rule.target == ScimTarget::UserName).then_some(MappingIssue::ConstantUserName)
}

fn attribute_issue(target: ScimTarget, attr: ProfileAttr) -> Option<MappingIssue> {
    let unique = matches!(attr, ProfileAttr::Login | ProfileAttr::Email);
    (target == ScimTarget::UserName && !unique).then_some(MappingIssue::UserNameNotUnique(attr))
}

/// One person's SCIM attribute values, as the mappings produce them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedUser {
    values: [Option<String>; TARGET_COUNT],
}

impl MappedUser {
    /// The value for `target`; empty when unmapped or empty.
    pub fn get(&self, target: ScimTarget) -> &str {
        self.values
            .get(target.index())
            .and_then(|v| v.as_deref())
            .unwrap_or("")
    }

    /// The `userName` Okta looks up and creates.
    pub fn user_name(&self) -> &str {
        self.get(ScimTarget::UserName)
    }

    /// The `POST /Users` body: mapped attributes, then `externalId`, an empty `groups`,
    /// the throwaway `password` and `active:true`, in Okta's order.
    pub fn create_body(&self, external_id: &str, password: &str) -> String {
        self.body(None, external_id, Some(password))
    }

    /// The `PUT /Users/{id}` body: the whole mapped object with LeadIQ's `id`.
    // Assumed (put-body): the create body with `id`, without `password`.
    pub fn replace_body(&self, id: &str, external_id: &str) -> String {
        self.body(Some(id), external_id, None)
    }

    fn body(&self, id: Option<&str>, external_id: &str, password: Option<&str>) -> String {
        let enterprise = self.enterprise();
        let mut schemas = vec![quote(USER_SCHEMA)];
        if enterprise.is_some() {
            schemas.push(quote(ENTERPRISE_SCHEMA));
        }

        let mut obj = Obj::new();
        obj.raw("schemas", &array(&schemas));
        if let Some(id) = id {
            obj.str("id", id);
        }
        self.write_core(&mut obj);
        obj.str("externalId", external_id).raw("groups", "[]");
        if let Some(password) = password {
            obj.str("password", password);
        }
        obj.bool("active", true);
        if let Some(enterprise) = enterprise {
            obj.raw(ENTERPRISE_SCHEMA, &enterprise);
        }
        obj.finish()
    }

    fn write_core(&self, obj: &mut Obj) {
        use ScimTarget as T;

        self.put(obj, "userName", T::UserName);
        if let Some(name) = self.name() {
            obj.raw("name", &name);
        }
        let emails = self.multi(T::PrimaryEmail, "work", T::SecondEmail, "other");
        if !emails.is_empty() {
            obj.raw("emails", &array(&emails));
        }
        let phones = self.multi(T::WorkPhone, "work", T::MobilePhone, "mobile");
        if !phones.is_empty() {
            obj.raw("phoneNumbers", &array(&phones));
        }
        for (key, target) in [
            ("displayName", T::DisplayName),
            ("nickName", T::NickName),
            ("title", T::Title),
            ("userType", T::UserType),
            ("timezone", T::Timezone),
            ("locale", T::Locale),
        ] {
            self.put(obj, key, target);
        }
    }

    fn put(&self, obj: &mut Obj, key: &str, target: ScimTarget) {
        let value = self.get(target);
        if !value.is_empty() {
            obj.str(key, value);
        }
    }

    fn name(&self) -> Option<String> {
        let mut name = Obj::new();
        self.put(&mut name, "givenName", ScimTarget::GivenName);
        self.put(&mut name, "familyName", ScimTarget::FamilyName);
        self.put(&mut name, "middleName", ScimTarget::MiddleName);
        (!name.is_empty()).then(|| name.finish())
    }

    /// A primary entry and a secondary entry of a multi-valued attribute.
    // Assumed (multi-value-types): types "work", "other" and "mobile".
    fn multi(&self, first: ScimTarget, t1: &str, second: ScimTarget, t2: &str) -> Vec<String> {
        [(first, t1, true), (second, t2, false)]
            .into_iter()
            .filter(|(target, _, _)| !self.get(*target).is_empty())
            .map(|(target, kind, primary)| {
                Obj::new()
                    .bool("primary", primary)
                    .str("value", self.get(target))
                    .str("type", kind)
                    .finish()
            })
            .collect()
    }

    fn enterprise(&self) -> Option<String> {
        use ScimTarget as T;

        let mut ext = Obj::new();
        for (key, target) in [
            ("employeeNumber", T::EmployeeNumber),
            ("costCenter", T::CostCenter),
            ("organization", T::Organization),
            ("division", T::Division),
            ("department", T::Department),
        ] {
            self.put(&mut ext, key, target);
        }
        let mut manager = Obj::new();
        self.put(&mut manager, "value", T::ManagerValue);
        self.put(&mut manager, "displayName", T::ManagerDisplayName);
        if !manager.is_empty() {
            ext.raw("manager", &manager.finish());
        }
        (!ext.is_empty()).then(|| ext.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Profile {
        Profile::new("ada@example.com", "Ada", "Lovelace")
    }

    #[test]
    fn template_defaults_are_valid() {
        assert_eq!(Mappings::okta_template().validate(), []);
    }

    #[test]
    fn template_create_body_matches_the_reference_shape() {
        let body = Mappings::okta_template()
            .evaluate(&ada())
            .create_body("00uAAAAAAAAAAAAAAAAA", "pw");
        let expected = concat!(
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"#,
            r#""userName":"ada@example.com","name":{"givenName":"Ada","familyName":"Lovelace"},"#,
            r#""emails":[{"primary":true,"value":"ada@example.com","type":"work"}],"#,
            r#""displayName":"Ada Lovelace","locale":"en-US","#,
            r#""externalId":"00uAAAAAAAAAAAAAAAAA","#,
            r#""groups":[],"password":"pw","active":true}"#
        );
        assert_eq!(body, expected);
    }

    #[test]
    fn department_and_second_email_add_the_enterprise_extension_and_a_second_email() {
        let mut profile = ada();
        profile.department = "Sales".into();
        profile.second_email = "ada@home.example".into();
        let body = Mappings::okta_template()
            .evaluate(&profile)
            .replace_body("42", "00uX");
        let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(value["schemas"][1], ENTERPRISE_SCHEMA);
        assert_eq!(value[ENTERPRISE_SCHEMA]["department"], "Sales");
        assert_eq!(value["emails"][1]["value"], "ada@home.example");
        assert_eq!(value["emails"][1]["primary"], false);
        assert_eq!(value["id"], "42");
        assert!(value.get("password").is_none());
    }

    #[test]
    fn missing_user_name_is_reported() {
        let mut m = Mappings::okta_template();
        m.remove(ScimTarget::UserName);
        assert_eq!(m.validate(), [MappingIssue::NoUserName]);
        assert!(!m.is_valid());
    }

    #[test]
    fn unmapped_family_name_is_reported() {
        let mut m = Mappings::okta_template();
        m.remove(ScimTarget::FamilyName);
        assert_eq!(
            m.validate(),
            [MappingIssue::RequiredUnmapped(ScimTarget::FamilyName)]
        );
    }

    #[test]
    fn two_sources_for_one_target_are_reported() {
        let mut m = Mappings::okta_template();
        m.push(Mapping::attribute(
            ScimTarget::Title,
            ProfileAttr::Department,
        ));
        assert_eq!(
            m.validate(),
            [MappingIssue::DuplicateTarget(ScimTarget::Title)]
        );
    }

    #[test]
    fn constant_user_name_is_an_error() {
        let mut m = Mappings::okta_template();
        m.set(Mapping {
            target: ScimTarget::UserName,
            source: Source::Constant("sales@example.com".into()),
            transform: Transform::None,
        });
        assert_eq!(m.validate(), [MappingIssue::ConstantUserName]);
    }

    #[test]
    fn empty_constant_for_a_required_target_is_an_error() {
        let mut m = Mappings::okta_template();
        m.set(Mapping {
            target: ScimTarget::GivenName,
            source: Source::Constant("  ".into()),
            transform: Transform::Trim,
        });
        let issues = m.validate();
        assert_eq!(
            issues,
            [MappingIssue::EmptyRequiredConstant(ScimTarget::GivenName)]
        );
    }

    #[test]
    fn user_name_from_department_only_warns() {
        let mut m = Mappings::okta_template();
        m.set(Mapping::attribute(
            ScimTarget::UserName,
            ProfileAttr::Department,
        ));
        let issues = m.validate();
        assert_eq!(
            issues,
            [MappingIssue::UserNameNotUnique(ProfileAttr::Department)]
        );
        assert!(m.is_valid());
    }

    #[test]
    fn errors_come_before_warnings() {
        let mut m = Mappings::okta_template();
        m.set(Mapping::attribute(ScimTarget::UserName, ProfileAttr::Title));
        m.remove(ScimTarget::PrimaryEmail);
        let severities: Vec<_> = m.validate().iter().map(MappingIssue::severity).collect();
        assert_eq!(severities, [Severity::Error, Severity::Warning]);
    }

    #[test]
    fn transforms_apply_to_the_source_value() {
        let mut m = Mappings::okta_template();
        m.set(Mapping {
            target: ScimTarget::UserName,
            source: Source::Attribute(ProfileAttr::Login),
            transform: Transform::Uppercase,
        });
        assert_eq!(m.evaluate(&ada()).user_name(), "ADA@EXAMPLE.COM");
        assert_eq!(Transform::Lowercase.apply("ÀDA"), "àda");
        assert_eq!(Transform::Trim.apply("  x "), "x");
    }

    #[test]
    fn set_keeps_the_rule_in_place() {
        let mut m = Mappings::okta_template();
        m.set(Mapping::attribute(
            ScimTarget::GivenName,
            ProfileAttr::NickName,
        ));
        assert_eq!(
            m.rules()[1].source,
            Source::Attribute(ProfileAttr::NickName)
        );
        assert_eq!(m.rules().len(), Mappings::okta_template().rules().len());
    }

    #[test]
    fn first_rule_wins_when_a_target_is_duplicated() {
        let mut m = Mappings::okta_template();
        m.push(Mapping::attribute(ScimTarget::UserName, ProfileAttr::Email));
        m.set(Mapping::attribute(
            ScimTarget::GivenName,
            ProfileAttr::LastName,
        ));
        assert_eq!(m.evaluate(&ada()).get(ScimTarget::GivenName), "Lovelace");
        assert_eq!(m.evaluate(&ada()).user_name(), "ada@example.com");
    }

    #[test]
    fn expressions_read_like_okta_mapping_editor() {
        let rule = Mapping {
            target: ScimTarget::UserName,
            source: Source::Attribute(ProfileAttr::Login),
            transform: Transform::Lowercase,
        };
        assert_eq!(rule.expression(), "String.toLowerCase(user.login)");
    }
}
