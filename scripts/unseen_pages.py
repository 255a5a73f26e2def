"""Check the four defect rules on pages nobody tuned on: the bench pool's scraped GNE pages.

The pool holds 20 Chinese news pages both as a naive scrape (menus, link lists, footers
included: ``gne_scraped``) and as the extracted article (``gne_extracted``). For each pair this
prints how much ``fix`` removed, how much text follows the article's last line in the scrape,
and which article lines the fix lost. A good fix removes about the tail and loses nothing.

``--html`` takes the same pages' raw HTML (``gne_html``) through the HTML format's text
extraction instead (what ``lint-corpus fix page.html`` lints), so the block structure comes
from the markup rather than from a naive scrape.

    python scripts/unseen_pages.py [--html] [--pool ../shared/corpora/bench-pool/pool.jsonl.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lint_corpus.corpus.html import extract_text
from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.registry import all_rules

DEFECT_RULES = ("truncated-document", "unrelated-trailing-content", "link-list",
                "duplicate-section")
DEFAULT_POOL = Path(__file__).resolve().parents[2] / "shared/corpora/bench-pool/pool.jsonl.gz"


def article_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if len(line.strip()) >= 8]


def find_scrape(article: dict[str, Any],
                scrapes: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The scraped page that contains most of the article's first lines."""
    probe = [line for line in article_lines(article["text"]) if len(line) >= 15][:10]
    best = max(scrapes, key=lambda page: sum(line in page["text"] for line in probe))
    return best if any(line in best["text"] for line in probe) else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", type=Path, default=DEFAULT_POOL)
    parser.add_argument("--html", action="store_true",
                        help="lint the pages' raw HTML through the HTML format's extraction")
    args = parser.parse_args(argv)
    with gzip.open(args.pool, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    if args.html:
        scrapes = [dict(row, text=extract_text(row["text"].encode("utf-8")))
                   for row in rows if row["src"] == "gne_html"]
    else:
        scrapes = [row for row in rows if row["src"] == "gne_scraped"]
    articles = [row for row in rows if row["src"] == "gne_extracted"]
    linter = Linter([cls() for cls in all_rules() if cls.name in DEFECT_RULES])
    total_removed = total_tail = total_lost = total_lines = 0
    print(f"{'page':<24} {'lines':>5} {'lost':>4} {'removed':>8} {'tail':>8}")
    for article in articles:
        scrape = find_scrape(article, scrapes)
        if scrape is None:
            continue
        result = linter.fix(Document(scrape["text"]))
        assert result.fixed is not None
        present = [line for line in article_lines(article["text"]) if line in scrape["text"]]
        # An article line is lost when the fixed text no longer contains it: the HTML
        # extraction may join it with a neighbour into one line, which is not a loss.
        lost = [line for line in present if line not in result.fixed]
        tail = len(scrape["text"]) - max(scrape["text"].rfind(line) + len(line) for line in present)
        removed = len(scrape["text"]) - len(result.fixed)
        total_removed, total_tail = total_removed + removed, total_tail + tail
        total_lost, total_lines = total_lost + len(lost), total_lines + len(present)
        print(f"{article['title'][:22]:<24} {len(present):>5} {len(lost):>4} "
              f"{removed:>8} {tail:>8}")
    print(f"\narticle lines lost: {total_lost} of {total_lines}; characters removed: "
          f"{total_removed}; characters after the articles' last lines: {total_tail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
