//! Server bench, written below.
fn main() {}
