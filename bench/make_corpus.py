"""Build a benchmark corpus of ``.txt`` files from the real texts of the bench pool.

Documents are drawn from every source of ``pool.jsonl.gz`` with a fixed seed (so the byte mix
follows the pool's), repeated as often as needed to reach the requested size, and a fixed
share of them gets one planted defect so the rules do real work:

- ``empty-bullet``: the document ends on an empty list item;
- ``cut-sentence``: the last sentence is cut in the middle;
- ``repeated-paragraph``: a paragraph appears a second time further down;
- ``related-list``: a "更多文章" / "Related" heading with headlines of other documents.

The same seed and size always give byte-identical files; ``manifest.json`` records what was
built (sources, defects, bytes) and lets the benchmark reuse a corpus instead of rebuilding it.

    python bench/make_corpus.py --size-mb 20 --out bench/data/corpus-20
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

POOL = Path("/work/shared/corpora/bench-pool/pool.jsonl.gz")
DEFECTS = ("empty-bullet", "cut-sentence", "repeated-paragraph", "related-list")
FILES_PER_FOLDER = 1000
MANIFEST = "manifest.json"
#: Bumped whenever the generator changes, so a stale corpus is rebuilt rather than reused.
GENERATOR_VERSION = 2


@dataclass(frozen=True)
class PoolDoc:
    src: str
    lang: str
    title: str
    text: str


@dataclass
class Manifest:
    seed: int
    size_mb: float
    defect_rate: float
    generator: int = GENERATOR_VERSION
    files: int = 0
    bytes: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    by_defect: dict[str, int] = field(default_factory=dict)


def load_pool(path: Path = POOL) -> list[PoolDoc]:
    """Every non-empty pool document, in file order (the order the seed is applied to)."""
    docs: list[PoolDoc] = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            # A few pool texts hold NUL bytes (UTF-16 debris); the tool skips such files.
            text = record["text"].replace("\x00", "")
            title = (record["title"] or "").replace("\x00", "")
            if text.strip():
                docs.append(PoolDoc(record["src"], record["lang"], title, text))
    return docs


def headline_of(doc: PoolDoc) -> str | None:
    """The title, or else the first non-blank line, when it is short enough to be a headline."""
    candidates = [doc.title] + doc.text.split("\n", 5)[:5]
    for raw in candidates:
        line = raw.strip()
        limit = 40 if doc.lang == "zh" else 90
        if 6 <= len(line) <= limit and "<" not in line:
            return line
    return None


def headlines_by_lang(docs: Sequence[PoolDoc]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {"zh": [], "en": []}
    for doc in docs:
        headline = headline_of(doc)
        if headline is not None:
            table["zh" if doc.lang.startswith("zh") else "en"].append(headline)
    return table


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def plant_empty_bullet(text: str, rng: random.Random) -> str:
    nl = newline_of(text)
    return text.rstrip() + nl + nl + rng.choice(["•", "-", "*", "1."]) + nl


def plant_cut_sentence(text: str, rng: random.Random) -> str:
    """Cut the last paragraph somewhere in its second half, never right after a stop."""
    body = text.rstrip()
    start = body.rfind("\n") + 1
    last = body[start:]
    if len(last) < 20:
        return body[: start + max(1, len(last) // 2)]
    cut = start + rng.randrange(len(last) // 2, len(last) - 5)
    while cut > start and body[cut - 1] in ".!?。！？」”\"' ":
        cut -= 1
    return body[:cut]


def plant_repeated_paragraph(text: str, rng: random.Random) -> str:
    """Copy one of the longer paragraphs and insert it one to three paragraphs later."""
    nl = newline_of(text)
    paragraphs = text.split(nl)
    long_ones = [i for i, p in enumerate(paragraphs) if len(p.strip()) >= 40]
    if not long_ones:
        return text + nl + text.strip() + nl
    source = rng.choice(long_ones)
    target = min(len(paragraphs), source + 1 + rng.randrange(1, 4))
    paragraphs.insert(target, paragraphs[source])
    return nl.join(paragraphs)


def plant_related_list(text: str, rng: random.Random, headlines: dict[str, list[str]],
                       lang: str) -> str:
    nl = newline_of(text)
    zh = lang.startswith("zh")
    markers = ["更多文章", "相关阅读", "相关新闻"] if zh else ["Related", "Related Articles",
                                                             "More stories"]
    marker = rng.choice(markers)
    picked = rng.sample(headlines["zh" if zh else "en"], rng.randrange(5, 11))
    return text.rstrip() + nl + nl + marker + nl + nl.join(picked) + nl


def plant(text: str, defect: str, rng: random.Random, headlines: dict[str, list[str]],
          lang: str) -> str:
    if defect == "empty-bullet":
        return plant_empty_bullet(text, rng)
    if defect == "cut-sentence":
        return plant_cut_sentence(text, rng)
    if defect == "repeated-paragraph":
        return plant_repeated_paragraph(text, rng)
    return plant_related_list(text, rng, headlines, lang)


def file_path(out: Path, index: int) -> Path:
    return out / f"{index // FILES_PER_FOLDER:03d}" / f"{index:06d}.txt"


def build(size_mb: float, out: Path, seed: int = 20240601, defect_rate: float = 0.4) -> Manifest:
    """Write the corpus to ``out`` (replacing it) and return its manifest."""
    docs = load_pool()
    headlines = headlines_by_lang(docs)
    rng = random.Random(seed)
    manifest = Manifest(seed=seed, size_mb=size_mb, defect_rate=defect_rate)
    by_source: Counter[str] = Counter()
    by_defect: Counter[str] = Counter()
    if out.exists():
        shutil.rmtree(out)
    target = int(size_mb * 1_000_000)
    while manifest.bytes < target:
        doc = rng.choice(docs)
        text = doc.text
        if rng.random() < defect_rate:
            defect = DEFECTS[manifest.files % len(DEFECTS)]
            text = plant(text, defect, rng, headlines, doc.lang)
            by_defect[defect] += 1
        data = text.encode("utf-8")
        path = file_path(out, manifest.files)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        by_source[doc.src] += len(data)
        manifest.files += 1
        manifest.bytes += len(data)
    manifest.by_source = dict(sorted(by_source.items()))
    manifest.by_defect = dict(sorted(by_defect.items()))
    (out / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n", "utf-8")
    return manifest


def existing(out: Path, size_mb: float, seed: int, defect_rate: float) -> Manifest | None:
    """The manifest of a corpus already built at ``out`` with these settings, if any."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None
    same = (manifest.seed, manifest.size_mb, manifest.defect_rate, manifest.generator) == (
        seed, size_mb, defect_rate, GENERATOR_VERSION)
    return manifest if same else None


def ensure(size_mb: float, out: Path, seed: int = 20240601,
           defect_rate: float = 0.4) -> Manifest:
    """Reuse the corpus at ``out`` when it was built with the same settings, else build it."""
    return existing(out, size_mb, seed, defect_rate) or build(size_mb, out, seed, defect_rate)


def describe(manifest: Manifest) -> str:
    total = manifest.bytes or 1
    sources = ", ".join(f"{src} {100 * n / total:.0f}%" for src, n in manifest.by_source.items())
    defects = ", ".join(f"{name} {n}" for name, n in manifest.by_defect.items())
    return (f"{manifest.files} files, {manifest.bytes / 1e6:.1f} MB (seed {manifest.seed})\n"
            f"  bytes by source: {sources}\n  planted defects: {defects}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=20.0)
    parser.add_argument("--out", type=Path, help="default: bench/data/corpus-<size>")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--defect-rate", type=float, default=0.4,
                        help="share of documents that get one planted defect (default 0.4)")
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).parent / "data" / f"corpus-{args.size_mb:g}"
    manifest = build(args.size_mb, out, args.seed, args.defect_rate)
    print(f"{out}: {describe(manifest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
