//! The Okta side: people, groups, the LeadIQ app instance and the requests Okta sends.
