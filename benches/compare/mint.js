// The npm peer of the comparison: mint-filter (Aho-Corasick sensitive-word filter, case folding).
// Reads a term list and a text, filters each line without replacing, prints the number of
// distinct words found per line, summed.
//
// usage: node mint.js TERMS TEXT   (with mint-filter installed in NODE_PATH)
const fs = require('fs');
const mod = require('mint-filter');
const Mint = mod.default || mod.Mint || mod;
const terms = fs.readFileSync(process.argv[2], 'utf8').split('\n').map((t) => t.trim()).filter(Boolean);
const text = fs.readFileSync(process.argv[3], 'utf8');
const mint = new Mint(terms);
let count = 0;
for (const line of text.split('\n')) {
  const r = mint.filter(line, { replace: false });
  count += r.words.length;
}
console.log(count);
