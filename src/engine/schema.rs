//! The attributes the engine stores, as one table: validation, filtering, projection and
//! the `/Schemas` document all read it, so what the endpoint says it does is what it does.

/// URN of the core User schema (RFC 7643 §4.1).
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// URN of the enterprise User extension (RFC 7643 §4.3).
pub const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// URN of list responses (RFC 7644 §3.4.2).
pub const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// URN of PATCH request bodies (RFC 7644 §3.5.2).
pub const PATCH_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// URN of error bodies (RFC 7644 §3.12).
pub const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// Attribute data types of RFC 7643 §2.3 that the User schemas use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Boolean,
    DateTime,
    Reference,
    Complex,
}

/// RFC 7643 §7 `mutability`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mutability {
    ReadOnly,
    ReadWrite,
    WriteOnly,
}

/// RFC 7643 §7 `returned`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Returned {
    Always,
    Default,
    Never,
}

/// One attribute definition (RFC 7643 §7).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attr {
    pub name: &'static str,
    pub kind: Kind,
    pub multi: bool,
    pub required: bool,
    pub case_exact: bool,
    pub mutability: Mutability,
    pub returned: Returned,
    pub unique: bool,
    pub sub: &'static [Attr],
    pub canonical: &'static [&'static str],
    pub refs: &'static [&'static str],
    pub description: &'static str,
}

impl Attr {
    const fn new(name: &'static str, kind: Kind, description: &'static str) -> Self {
        Attr {
            name,
            kind,
            multi: false,
            required: false,
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            unique: false,
            sub: &[],
            canonical: &[],
            refs: &[],
            description,
        }
    }

    const fn text(name: &'static str, description: &'static str) -> Self {
        Self::new(name, Kind::String, description)
    }

    const fn complex(name: &'static str, sub: &'static [Attr], description: &'static str) -> Self {
        let mut attr = Self::new(name, Kind::Complex, description);
        attr.sub = sub;
        attr
    }

    const fn multi(mut self) -> Self {
        self.multi = true;
        self
    }

    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn case_exact(mut self) -> Self {
        self.case_exact = true;
        self
    }

    const fn read_only(mut self) -> Self {
        self.mutability = Mutability::ReadOnly;
        self
    }

    const fn write_only(mut self) -> Self {
        self.mutability = Mutability::WriteOnly;
        self
    }

    const fn returned(mut self, returned: Returned) -> Self {
        self.returned = returned;
        self
    }

    const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    const fn canonical(mut self, values: &'static [&'static str]) -> Self {
        self.canonical = values;
        self
    }

    const fn refs(mut self, types: &'static [&'static str]) -> Self {
        self.refs = types;
        self
    }

    /// The sub-attribute called `name`, compared case-insensitively.
    pub fn sub_attr(&self, name: &str) -> Option<&'static Attr> {
        find(self.sub, name)
    }
}

/// One schema: its URN, name and attributes.
#[derive(Debug)]
pub(crate) struct Schema {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub attributes: &'static [Attr],
}

/// The attribute called `name` in `attrs`, compared case-insensitively.
pub(crate) fn find(attrs: &'static [Attr], name: &str) -> Option<&'static Attr> {
    attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

const TYPES: &[&str] = &["work", "home", "other"];

const fn primary() -> Attr {
    Attr::new(
        "primary",
        Kind::Boolean,
        "Whether this is the preferred value.",
    )
}

const fn kind_of(canonical: &'static [&'static str]) -> Attr {
    Attr::text("type", "A label for the value's function.").canonical(canonical)
}

const EMAIL_SUB: &[Attr] = &[
    Attr::text("value", "The email address."),
    Attr::text("display", "A human-readable name for the address."),
    kind_of(TYPES),
    primary(),
];

const PHONE_SUB: &[Attr] = &[
    Attr::text("value", "The phone number."),
    Attr::text("display", "A human-readable form of the number."),
    kind_of(&["work", "home", "mobile", "fax", "pager", "other"]),
    primary(),
];

const ADDRESS_SUB: &[Attr] = &[
    Attr::text("formatted", "The full mailing address."),
    Attr::text("streetAddress", "The street address."),
    Attr::text("locality", "The city or locality."),
    Attr::text("region", "The state or region."),
    Attr::text("postalCode", "The postal code."),
    Attr::text("country", "The country, as an ISO 3166-1 alpha-2 code."),
    kind_of(TYPES),
    primary(),
];

const NAME_SUB: &[Attr] = &[
    Attr::text("formatted", "The full name, formatted for display."),
    Attr::text("familyName", "The family name."),
    Attr::text("givenName", "The given name."),
    Attr::text("middleName", "The middle name."),
    Attr::text("honorificPrefix", "Honorific prefix, e.g. Ms."),
    Attr::text("honorificSuffix", "Honorific suffix, e.g. III."),
];

const GROUP_SUB: &[Attr] = &[
    Attr::text("value", "The group's id.").read_only(),
    Attr::new("$ref", Kind::Reference, "The group's URI.")
        .refs(&["User", "Group"])
        .read_only(),
    Attr::text("display", "The group's name.").read_only(),
];

/// The core User attributes the engine stores (RFC 7643 §4.1), in the RFC's order.
// Known shortcoming: profile attributes keep the RFC's readWrite mutability in /Schemas
// although PATCH refuses them with 501; the schema description says so in words.
const USER_ATTRS: &[Attr] = &[
    Attr::text("userName", "Unique identifier the client uses to sign in.")
        .required()
        .unique(),
    Attr::complex("name", NAME_SUB, "The person's name."),
    Attr::text("displayName", "The name to display."),
    Attr::text("nickName", "The casual name."),
    Attr::new(
        "profileUrl",
        Kind::Reference,
        "A URL of the person's profile.",
    )
    .refs(&["external"]),
    Attr::text("title", "The job title."),
    Attr::text(
        "userType",
        "The relationship to the organisation, e.g. Employee.",
    ),
    Attr::text("preferredLanguage", "Preferred language, e.g. en-US."),
    Attr::text("locale", "Locale for formatting, e.g. en-US."),
    Attr::text("timezone", "Time zone in IANA form, e.g. Europe/London."),
    Attr::new("active", Kind::Boolean, "Whether the user may use LeadIQ."),
    Attr::text(
        "password",
        "Accepted on create and discarded: LeadIQ signs in through SSO.",
    )
    .write_only()
    .returned(Returned::Never),
    Attr::complex("emails", EMAIL_SUB, "Email addresses.").multi(),
    Attr::complex("phoneNumbers", PHONE_SUB, "Phone numbers.").multi(),
    Attr::complex("addresses", ADDRESS_SUB, "Physical mailing addresses.").multi(),
    Attr::complex("groups", GROUP_SUB, "Groups; LeadIQ supports none.")
        .multi()
        .read_only(),
];

const MANAGER_SUB: &[Attr] = &[
    Attr::text("value", "The manager's id."),
    Attr::new("$ref", Kind::Reference, "The manager's URI.").refs(&["User"]),
    Attr::text("displayName", "The manager's name.").read_only(),
];

/// The enterprise extension attributes (RFC 7643 §4.3).
const ENTERPRISE_ATTRS: &[Attr] = &[
    Attr::text("employeeNumber", "Employee number."),
    Attr::text("costCenter", "Cost center."),
    Attr::text("organization", "Organisation."),
    Attr::text("division", "Division."),
    Attr::text("department", "Department."),
    Attr::complex("manager", MANAGER_SUB, "The user's manager."),
];

const META_SUB: &[Attr] = &[
    Attr::text("resourceType", "The resource type, User.")
        .case_exact()
        .read_only(),
    Attr::new("created", Kind::DateTime, "When the user was created.").read_only(),
    Attr::new(
        "lastModified",
        Kind::DateTime,
        "When the user last changed.",
    )
    .read_only(),
    Attr::new("location", Kind::Reference, "The user's URI.")
        .refs(&["uri"])
        .case_exact()
        .read_only(),
    Attr::text("version", "Weak ETag of the current version.")
        .case_exact()
        .read_only(),
];

/// Attributes common to all resources (RFC 7643 §3.1), outside any schema's list.
pub(crate) const COMMON_ATTRS: &[Attr] = &[
    Attr::text("id", "Server-assigned, unique, case-sensitive identifier.")
        .case_exact()
        .read_only()
        .returned(Returned::Always)
        .unique(),
    Attr::text("externalId", "The client's identifier for the user.").case_exact(),
    Attr::complex("meta", META_SUB, "Resource metadata.").read_only(),
];

/// The core User schema as the engine supports it.
pub(crate) const USER: Schema = Schema {
    id: USER_URN,
    name: "User",
    description: "A LeadIQ user account. Attributes are set when the user is created; \
                  afterwards only active can change (LeadIQ supports no profile updates).",
    attributes: USER_ATTRS,
};

/// The enterprise extension as the engine supports it.
pub(crate) const ENTERPRISE: Schema = Schema {
    id: ENTERPRISE_URN,
    name: "EnterpriseUser",
    description: "Enterprise attributes of a LeadIQ user.",
    attributes: ENTERPRISE_ATTRS,
};

/// A core (or common) attribute by name.
pub(crate) fn core_attr(name: &str) -> Option<&'static Attr> {
    find(COMMON_ATTRS, name).or_else(|| find(USER_ATTRS, name))
}

/// An enterprise extension attribute by name.
pub(crate) fn enterprise_attr(name: &str) -> Option<&'static Attr> {
    find(ENTERPRISE_ATTRS, name)
}

/// Whether string comparison on a dotted lowercase key (`name.givenname`, `department`) is
/// case-exact. Unknown keys compare case-insensitively, like most User attributes.
pub(crate) fn case_exact(key: &str) -> bool {
    let mut parts = key.splitn(2, '.');
    let top = parts.next().unwrap_or_default();
    let attr = core_attr(top).or_else(|| enterprise_attr(top));
    let attr = match (attr, parts.next()) {
        (Some(attr), Some(sub)) => attr.sub_attr(sub),
        (attr, None) => attr,
        (None, Some(_)) => None,
    };
    attr.is_some_and(|a| a.case_exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_exactness_follows_rfc_7643() {
        assert!(case_exact("id"));
        assert!(case_exact("externalid"));
        assert!(case_exact("meta.version"));
        assert!(!case_exact("username"));
        assert!(!case_exact("emails.value"));
        assert!(!case_exact("department"));
        assert!(!case_exact("nosuch.thing"));
    }

    #[test]
    fn attribute_lookup_ignores_case() {
        assert_eq!(core_attr("USERNAME").map(|a| a.name), Some("userName"));
        assert_eq!(core_attr("ExternalId").map(|a| a.name), Some("externalId"));
        assert_eq!(
            enterprise_attr("costcenter").map(|a| a.name),
            Some("costCenter")
        );
    }
}
