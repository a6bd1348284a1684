//! Tests of the engine's SHA-256, which hashes SCIM tokens: the standard's test vectors,
//! every length around the padding boundaries, and random inputs against the `sha2` crate.
#![cfg(not(target_arch = "wasm32"))]

use leadiq_scim_sandbox::engine::sha256::digest;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn reference(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

#[test]
fn fips_180_vectors() {
    let cases: [(&[u8], &str); 3] = [
        (
            b"",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            b"abc",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(hex(&digest(input)), expected, "input {input:?}");
    }
}

#[test]
fn a_million_a() {
    let input = vec![b'a'; 1_000_000];
    assert_eq!(
        hex(&digest(&input)),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
}

/// Lengths 0 to 200 cross the one-block and two-block padding cases (55, 56, 63, 64,
/// 119, 120 bytes) and several whole blocks.
#[test]
fn every_length_around_the_padding_matches_the_crate() {
    for len in 0..=200usize {
        let input: Vec<u8> = (0..len).map(|i| (i * 31 + 7) as u8).collect();
        assert_eq!(digest(&input), reference(&input), "length {len}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_inputs_match_the_crate(input in proptest::collection::vec(any::<u8>(), 0..600)) {
        prop_assert_eq!(digest(&input), reference(&input));
    }
}
