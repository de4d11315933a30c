//! Build script: embeds the bundled rule packs and generates the character fold table.

mod fold;
mod packs;

fn main() {
    packs::generate();
    fold::generate();
}
