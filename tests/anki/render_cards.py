#!/usr/bin/env python3
"""Renders card backs as Anki shows them, for review in a browser.

Usage: render_cards.py COLLECTION OUTDIR QUERY [LIMIT]

For each card of COLLECTION matching the Anki search QUERY (at most LIMIT,
default 2), writes OUTDIR/card-N.html: the card's answer side rendered by
Anki's own template code (the note type's back template, {{FrontSide}}
included) inside the note type's CSS, in a page shaped like the reviewer's
(body and div with class "card"). Prints the written paths, one per line.
Anki's MathJax is not loaded: formulas stay as their \\( \\) source.
"""
import html
import os
import sys

from anki.collection import Collection


def main() -> None:
    collection_path, outdir, query = sys.argv[1], sys.argv[2], sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    os.makedirs(outdir, exist_ok=True)
    col = Collection(collection_path)
    try:
        for n, card_id in enumerate(sorted(col.find_cards(query))[:limit], start=1):
            card = col.get_card(card_id)
            rendered = card.render_output()
            page = (
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width\">"
                f"<title>{html.escape(card.note().fields[0][:60])}</title>"
                f"<style>{rendered.css}</style></head>\n"
                f"<body class=\"card\"><div class=\"card\">{rendered.answer_text}</div></body></html>\n"
            )
            path = os.path.join(outdir, f"card-{n}.html")
            with open(path, "w", encoding="utf-8") as out:
                out.write(page)
            print(path)
    finally:
        col.close()


if __name__ == "__main__":
    main()
