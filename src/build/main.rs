//! Build script: embeds the bundled rule packs, generates the character fold table and indexes the
//! vendored jieba dictionary.

mod fold;
mod jieba;
mod packs;

fn main() {
    packs::generate();
    fold::generate();
    jieba::generate();
}
