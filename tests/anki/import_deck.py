#!/usr/bin/env python3
"""Imports qbank decks into an Anki collection with Anki's own importer.

Usage: import_deck.py COLLECTION DECK.csv [DECK.csv ...]

Creates COLLECTION if it does not exist, imports each deck as Anki's File >
Import would (the file's own # headers, no manual mapping), and prints one JSON
object: the import log of each file, then every note with its GUID, fields,
tags and the decks of its cards. The Rust tests read that JSON.
"""
import json
import sys

from anki.collection import Collection, ImportCsvRequest


def main() -> None:
    collection_path, decks = sys.argv[1], sys.argv[2:]
    col = Collection(collection_path)
    try:
        logs = []
        for deck in decks:
            metadata = col.get_csv_metadata(path=deck, delimiter=None)
            log = col.import_csv(ImportCsvRequest(path=deck, metadata=metadata)).log
            logs.append({name: len(getattr(log, name)) for name in (
                "new", "updated", "duplicate", "conflicting", "first_field_match",
                "missing_notetype", "missing_deck", "empty_first_field")})
        notes = []
        for note_id in sorted(col.find_notes("")):
            note = col.get_note(note_id)
            decks_of_cards = sorted({col.decks.name(card.did) for card in note.cards()})
            notes.append({
                "id": note_id,
                "guid": note.guid,
                "notetype": note.note_type()["name"],
                "fields": list(note.fields),
                "tags": sorted(note.tags),
                "decks": decks_of_cards,
            })
        print(json.dumps({"logs": logs, "notes": notes, "decks": sorted(d.name for d in col.decks.all_names_and_ids())}))
    finally:
        col.close()


if __name__ == "__main__":
    main()
