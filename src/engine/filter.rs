//! The SCIM filter language of RFC 7644 §3.4.2.2: parsing and evaluation.
