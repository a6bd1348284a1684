//! People and groups of the Okta org: profiles with Okta's usual attributes, statuses, and
//! group memberships.

/// An attribute of an Okta user profile, named as Okta's profile editor names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileAttr {
    /// `login`, the Okta username (an email address).
    Login,
    /// `firstName`.
    FirstName,
    /// `lastName`.
    LastName,
    /// `middleName`.
    MiddleName,
    /// `displayName`.
    DisplayName,
    /// `nickName`.
    NickName,
    /// `email`, the primary email.
    Email,
    /// `secondEmail`.
    SecondEmail,
    /// `primaryPhone`.
    PrimaryPhone,
    /// `mobilePhone`.
    MobilePhone,
    /// `title`.
    Title,
    /// `department`.
    Department,
    /// `division`.
    Division,
    /// `organization`.
    Organization,
    /// `costCenter`.
    CostCenter,
    /// `employeeNumber`.
    EmployeeNumber,
    /// `manager`, the manager's name.
    Manager,
    /// `managerId`, the manager's id.
    ManagerId,
    /// `userType`.
    UserType,
    /// `locale`, e.g. `en-US`.
    Locale,
    /// `timezone`, e.g. `America/New_York`.
    Timezone,
}

impl ProfileAttr {
    /// Every attribute, in the order Okta's profile editor lists them.
    pub const ALL: [ProfileAttr; 21] = [
        Self::Login,
        Self::FirstName,
        Self::LastName,
        Self::MiddleName,
        Self::DisplayName,
        Self::NickName,
        Self::Email,
        Self::SecondEmail,
        Self::PrimaryPhone,
        Self::MobilePhone,
        Self::Title,
        Self::Department,
        Self::Division,
        Self::Organization,
        Self::CostCenter,
        Self::EmployeeNumber,
        Self::Manager,
        Self::ManagerId,
        Self::UserType,
        Self::Locale,
        Self::Timezone,
    ];

    /// The variable name Okta uses, e.g. `firstName`; mapping expressions read `user.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::FirstName => "firstName",
            Self::LastName => "lastName",
            Self::MiddleName => "middleName",
            Self::DisplayName => "displayName",
            Self::NickName => "nickName",
            Self::Email => "email",
            Self::SecondEmail => "secondEmail",
            Self::PrimaryPhone => "primaryPhone",
            Self::MobilePhone => "mobilePhone",
            Self::Title => "title",
            Self::Department => "department",
            Self::Division => "division",
            Self::Organization => "organization",
            Self::CostCenter => "costCenter",
            Self::EmployeeNumber => "employeeNumber",
            Self::Manager => "manager",
            Self::ManagerId => "managerId",
            Self::UserType => "userType",
            Self::Locale => "locale",
            Self::Timezone => "timezone",
        }
    }

    /// The attribute whose [`Self::name`] is `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// An Okta user profile. Empty strings stand for unset attributes and are not stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// Okta username, unique in the org.
    pub login: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Middle name.
    pub middle_name: String,
    /// Display name.
    pub display_name: String,
    /// Nickname.
    pub nick_name: String,
    /// Primary email.
    pub email: String,
    /// Secondary email.
    pub second_email: String,
    /// Primary phone.
    pub primary_phone: String,
    /// Mobile phone.
    pub mobile_phone: String,
    /// Job title.
    pub title: String,
    /// Department.
    pub department: String,
    /// Division.
    pub division: String,
    /// Organization.
    pub organization: String,
    /// Cost center.
    pub cost_center: String,
    /// Employee number.
    pub employee_number: String,
    /// Manager's name.
    pub manager: String,
    /// Manager's id.
    pub manager_id: String,
    /// User type, e.g. `Employee`.
    pub user_type: String,
    /// Locale, e.g. `en-US`.
    pub locale: String,
    /// Time zone, e.g. `America/New_York`.
    pub timezone: String,
}

impl Profile {
    /// A profile the way Okta's "Add person" form fills it: the login doubles as the
    /// primary email, the display name is "first last" and the locale is `en-US`.
    pub fn new(login: &str, first_name: &str, last_name: &str) -> Self {
        Self {
            login: login.to_string(),
            first_name: first_name.to_string(),
            last_name: last_name.to_string(),
            email: login.to_string(),
            display_name: format!("{first_name} {last_name}"),
            locale: "en-US".to_string(),
            ..Self::default()
        }
    }

    /// The value of one attribute; empty when unset.
    pub fn get(&self, attr: ProfileAttr) -> &str {
        self.slot(attr)
    }

    /// Sets one attribute.
    pub fn set(&mut self, attr: ProfileAttr, value: &str) {
        *self.slot_mut(attr) = value.to_string();
    }

    /// "First Last", the name Okta's messages use for the person.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }

    /// What Okta's profile form refuses, one sentence each; empty when the profile is valid.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !looks_like_email(&self.login) {
            problems.push(format!(
                "Username \"{}\" must be in the form of an email address.",
                self.login
            ));
        }
        if self.first_name.trim().is_empty() {
            problems.push("First name is required.".to_string());
        }
        if self.last_name.trim().is_empty() {
            problems.push("Last name is required.".to_string());
        }
        if !looks_like_email(&self.email) {
            problems.push(format!(
                "Primary email \"{}\" is not a valid email address.",
                self.email
            ));
        }
        if !self.second_email.is_empty() && !looks_like_email(&self.second_email) {
            problems.push(format!(
                "Secondary email \"{}\" is not a valid email address.",
                self.second_email
            ));
        }
        problems
    }

    fn slot(&self, attr: ProfileAttr) -> &String {
        match attr {
            ProfileAttr::Login => &self.login,
            ProfileAttr::FirstName => &self.first_name,
            ProfileAttr::LastName => &self.last_name,
            ProfileAttr::MiddleName => &self.middle_name,
            ProfileAttr::DisplayName => &self.display_name,
            ProfileAttr::NickName => &self.nick_name,
            ProfileAttr::Email => &self.email,
            ProfileAttr::SecondEmail => &self.second_email,
            ProfileAttr::PrimaryPhone => &self.primary_phone,
            ProfileAttr::MobilePhone => &self.mobile_phone,
            ProfileAttr::Title => &self.title,
            ProfileAttr::Department => &self.department,
            ProfileAttr::Division => &self.division,
            ProfileAttr::Organization => &self.organization,
            ProfileAttr::CostCenter => &self.cost_center,
            ProfileAttr::EmployeeNumber => &self.employee_number,
            ProfileAttr::Manager => &self.manager,
            ProfileAttr::ManagerId => &self.manager_id,
            ProfileAttr::UserType => &self.user_type,
            ProfileAttr::Locale => &self.locale,
            ProfileAttr::Timezone => &self.timezone,
        }
    }

    fn slot_mut(&mut self, attr: ProfileAttr) -> &mut String {
        match attr {
            ProfileAttr::Login => &mut self.login,
            ProfileAttr::FirstName => &mut self.first_name,
            ProfileAttr::LastName => &mut self.last_name,
            ProfileAttr::MiddleName => &mut self.middle_name,
            ProfileAttr::DisplayName => &mut self.display_name,
            ProfileAttr::NickName => &mut self.nick_name,
            ProfileAttr::Email => &mut self.email,
            ProfileAttr::SecondEmail => &mut self.second_email,
            ProfileAttr::PrimaryPhone => &mut self.primary_phone,
            ProfileAttr::MobilePhone => &mut self.mobile_phone,
            ProfileAttr::Title => &mut self.title,
            ProfileAttr::Department => &mut self.department,
            ProfileAttr::Division => &mut self.division,
            ProfileAttr::Organization => &mut self.organization,
            ProfileAttr::CostCenter => &mut self.cost_center,
            ProfileAttr::EmployeeNumber => &mut self.employee_number,
            ProfileAttr::Manager => &mut self.manager,
            ProfileAttr::ManagerId => &mut self.manager_id,
            ProfileAttr::UserType => &mut self.user_type,
            ProfileAttr::Locale => &mut self.locale,
            ProfileAttr::Timezone => &mut self.timezone,
        }
    }
}

/// The loose check Okta's forms apply: one `@` with text on both sides, a dot in the
/// domain, no spaces.
fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let dotted = domain
        .split_once('.')
        .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
    !local.is_empty() && dotted && !domain.contains('@') && !value.contains(char::is_whitespace)
}

/// An Okta user's lifecycle status, as far as provisioning cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PersonStatus {
    /// Can sign in; app assignments apply.
    #[default]
    Active,
    /// Cannot sign in; keeps app assignments, and Okta tells apps nothing.
    Suspended,
    /// Gone from the org's active users; individual app assignments are removed.
    Deactivated,
}

impl PersonStatus {
    /// Whether the person is Active.
    pub fn is_active(&self) -> bool {
        *self == Self::Active
    }

    /// The label Okta's people list shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Suspended => "Suspended",
            Self::Deactivated => "Deactivated",
        }
    }
}

/// One person in the Okta org.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Okta user id (`00u…`), which Okta sends to LeadIQ as `externalId`.
    pub id: String,
    /// Lifecycle status; not stored when Active, the common case.
    pub status: PersonStatus,
    /// Profile attributes.
    pub profile: Profile,
}

/// An Okta group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Okta group id (`00g…`).
    pub id: String,
    /// Group name, unique in the org.
    pub name: String,
    /// Ids of the people in the group, in the order they were added.
    pub members: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_round_trips_through_get_and_set() {
        let mut profile = Profile::default();
        for (i, attr) in ProfileAttr::ALL.into_iter().enumerate() {
            profile.set(attr, &format!("v{i}"));
        }
        for (i, attr) in ProfileAttr::ALL.into_iter().enumerate() {
            assert_eq!(profile.get(attr), format!("v{i}"));
            assert_eq!(ProfileAttr::from_name(attr.name()), Some(attr));
        }
    }

    #[test]
    fn new_profile_fills_email_display_name_and_locale() {
        let p = Profile::new("ada@example.com", "Ada", "Lovelace");
        assert_eq!(p.email, "ada@example.com");
        assert_eq!(p.display_name, "Ada Lovelace");
        assert_eq!(p.locale, "en-US");
        assert!(p.problems().is_empty());
    }

    #[test]
    fn profile_form_refuses_a_login_that_is_not_an_email() {
        let p = Profile::new("ada", "Ada", "Lovelace");
        let problems = p.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("form of an email address"));
    }

    #[test]
    fn profile_form_requires_first_and_last_name() {
        let p = Profile::new("ada@example.com", " ", "");
        assert_eq!(
            p.problems(),
            ["First name is required.", "Last name is required."]
        );
    }
}
