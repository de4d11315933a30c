#!/usr/bin/env python3
"""Python peers of the comparison: read a term list and a text, print the number of matches.

usage: peers.py MODE TERMS TEXT
  pyahocorasick  ahocorasick.Automaton, iter_long (leftmost-longest, non-overlapping), positions
  flashtext      KeywordProcessor.extract_keywords per line (longest keyword), no positions kept
"""
import sys


def main():
    mode, terms_path, text_path = sys.argv[1:4]
    with open(terms_path, encoding="utf-8") as fh:
        terms = [t.strip() for t in fh if t.strip()]
    with open(text_path, encoding="utf-8") as fh:
        text = fh.read()
    if mode == "pyahocorasick":
        import ahocorasick

        a = ahocorasick.Automaton()
        for i, t in enumerate(terms):
            a.add_word(t, i)
        a.make_automaton()
        count = sum(1 for _ in a.iter_long(text))
    elif mode == "flashtext":
        from flashtext import KeywordProcessor

        kp = KeywordProcessor()
        for t in terms:
            kp.add_keyword(t)
        count = sum(len(kp.extract_keywords(line)) for line in text.splitlines())
    else:
        sys.exit(f"unknown mode {mode}")
    print(count)


if __name__ == "__main__":
    main()
