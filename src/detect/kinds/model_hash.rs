// The n-gram hash of the claim models, shared by the engine (`model.rs`) and the build script
// (`src/build/packs.rs`, which lays bundled models out as the engine's hash table): both
// `include!` this file, so the two can never hash differently.

/// The hash of an n-gram of folded characters.
#[inline]
fn gram_hash(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in chars {
        h ^= u64::from(c as u32);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        h ^= h >> 29;
    }
    h
}

/// Fingerprint (never 0) and home slot of a hash.
#[inline]
fn split_hash(h: u64, mask: usize) -> (u32, usize) {
    let fp = ((h >> 32) as u32) | 1;
    (fp, (h as usize) & mask)
}
