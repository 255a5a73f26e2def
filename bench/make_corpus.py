"""Build a benchmark corpus of JSONL shards (or ``.txt`` files) from real zh/en text.

The documents are the bench pool (``pool.jsonl.gz``: news, blogs, Wikipedia, scraped pages), the
five seed documents and the zh/en cases of the dev corpus (their raw input texts). They are
repeated in rounds, each round shuffled with a fixed seed, until the requested size is reached,
and a fixed share of them gets one planted defect so the rules do real work:

- ``empty-bullet``: the document ends on an empty list item;
- ``cut-sentence``: the last sentence is cut in the middle;
- ``repeated-paragraph``: a paragraph appears a second time further down;
- ``related-list``: a "更多文章" / "Related" heading with headlines of other documents.

Each JSONL line is ``{"id", "text", "src", "lang", "url", "planted"}``: ``text`` is what the tool
checks, the other fields are pass-through metadata (``planted`` names the planted defect, or is
null). Shards are cut at about ``--shard-mb`` so parallel and streaming runs have several files.

The document stream depends only on the seed and the sources, never on the size: a smaller
corpus is a prefix of a larger one built with the same settings, and the same settings always
give byte-identical files. ``manifest.json`` records what was built and lets the benchmark reuse
a corpus instead of rebuilding it.

    python bench/make_corpus.py --size-mb 100                 # bench/data/corpus-100/
    python bench/make_corpus.py --size-mb 1000 --shard-mb 50
    python bench/make_corpus.py --size-mb 20 --format txt     # one .txt file per document
    python bench/make_corpus.py --size-mb 20 --length-kb 4000  # the same text, 4 MB documents

``--length-kb`` rewrites the corpus's distinct texts, in stream order, as documents of one
length (texts joined by a blank line, cut at the first line end past the length), about
``--size-mb`` in all: the cost per MB of each length is then measured on the same text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
POOL = SHARED / "bench-pool" / "pool.jsonl.gz"
DEV = SHARED / "dev"
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
DEFECTS = ("empty-bullet", "cut-sentence", "repeated-paragraph", "related-list")
FORMATS = ("jsonl", "txt")
FILES_PER_FOLDER = 1000
MANIFEST = "manifest.json"
DEFAULT_SEED = 20240601
DEFAULT_DEFECT_RATE = 0.4
DEFAULT_SHARD_MB = 50.0
#: Bumped whenever the generator's output changes, so a stale corpus is rebuilt, not reused.
GENERATOR_VERSION = 3


@dataclass(frozen=True)
class SourceDoc:
    src: str
    lang: str
    title: str
    url: str | None
    text: str


@dataclass(frozen=True)
class Sources:
    """Where the documents come from; the defaults are the shared corpora and the repo's seeds."""

    pool: Path = POOL
    seeds: Path = SEEDS
    dev: Path = DEV


@dataclass
class Shard:
    path: str
    docs: int = 0
    bytes: int = 0


@dataclass
class Manifest:
    seed: int
    size_mb: float
    defect_rate: float
    format: str = "jsonl"
    shard_mb: float = DEFAULT_SHARD_MB
    generator: int = GENERATOR_VERSION
    docs: int = 0
    bytes: int = 0
    shards: list[Shard] = field(default_factory=list)
    by_source: dict[str, int] = field(default_factory=dict)
    by_lang: dict[str, int] = field(default_factory=dict)
    by_defect: dict[str, int] = field(default_factory=dict)

    def settings(self) -> tuple[object, ...]:
        return (self.seed, self.size_mb, self.defect_rate, self.format, self.shard_mb,
                self.generator)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        shards = [Shard(**shard) for shard in data.pop("shards", [])]
        return cls(**data, shards=shards)


# --- sources -------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    # A few pool texts hold NUL bytes (UTF-16 debris that no real text corpus keeps).
    return text.replace("\x00", "")


def load_pool(path: Path = POOL) -> list[SourceDoc]:
    """Every non-empty pool document, in file order; its copies of the seeds are left out
    because the seeds are read from the repository."""
    docs: list[SourceDoc] = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            text = _clean(record["text"])
            if text.strip() and record["src"] != "seeds":
                docs.append(SourceDoc(record["src"], record["lang"],
                                      _clean(record.get("title") or ""), record.get("url"), text))
    return docs


def guess_lang(text: str) -> str:
    """``zh`` when Han characters outnumber Latin letters, else ``en`` (enough for the seeds)."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh" if han > latin else "en"


def load_seeds(folder: Path = SEEDS) -> list[SourceDoc]:
    docs = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        docs.append(SourceDoc("seeds", guess_lang(text), "", f"seed:{path.name}", text))
    return docs


def load_dev(folder: Path = DEV) -> list[SourceDoc]:
    """The raw texts of the dev cases in Chinese or English (the corpus is a zh/en mix)."""
    docs = []
    with (folder / "manifest.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            case = json.loads(line)
            if case["language"] not in ("zh", "en"):
                continue
            text = (folder / case["path"]).read_text("utf-8")
            docs.append(SourceDoc("dev", case["language"], "", case.get("source_url"), text))
    return docs


def load_sources(sources: Sources = Sources()) -> list[SourceDoc]:
    return load_pool(sources.pool) + load_seeds(sources.seeds) + load_dev(sources.dev)


# --- planted defects -----------------------------------------------------------------------------

def headline_of(doc: SourceDoc) -> str | None:
    """The title, or else the first non-blank line, when it is short enough to be a headline."""
    candidates = [doc.title] + doc.text.split("\n", 5)[:5]
    for raw in candidates:
        line = raw.strip()
        limit = 40 if doc.lang == "zh" else 90
        if 6 <= len(line) <= limit and "<" not in line:
            return line
    return None


def headlines_by_lang(docs: Sequence[SourceDoc]) -> dict[str, list[str]]:
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
    candidates = headlines["zh" if zh else "en"]
    picked = rng.sample(candidates, min(rng.randrange(5, 11), len(candidates)))
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


# --- the document stream -------------------------------------------------------------------------

def records(docs: Sequence[SourceDoc], seed: int = DEFAULT_SEED,
            defect_rate: float = DEFAULT_DEFECT_RATE) -> Iterator[dict[str, Any]]:
    """The endless stream of corpus records: rounds over all documents, each round shuffled.

    Every draw from the random generator depends only on the position in the stream, which is
    what makes a smaller corpus a prefix of a larger one.
    """
    headlines = headlines_by_lang(docs)
    rng = random.Random(seed)
    index = 0
    while True:
        order = list(range(len(docs)))
        rng.shuffle(order)
        for position in order:
            doc = docs[position]
            text, defect = doc.text, None
            if rng.random() < defect_rate:
                defect = DEFECTS[index % len(DEFECTS)]
                text = plant(text, defect, rng, headlines, doc.lang)
            yield {"id": f"doc-{index:08d}", "text": text, "src": doc.src, "lang": doc.lang,
                   "url": doc.url, "planted": defect}
            index += 1


# --- writers -------------------------------------------------------------------------------------

class JsonlShards:
    """Writes records as JSON lines, opening a new shard once one reaches the shard size."""

    def __init__(self, out: Path, shard_bytes: int) -> None:
        self.out = out
        self.shard_bytes = shard_bytes
        self.shards: list[Shard] = []
        self._stream: IO[bytes] | None = None

    def write(self, record: dict[str, Any]) -> int:
        if self._stream is None or self.shards[-1].bytes >= self.shard_bytes:
            self._open(f"part-{len(self.shards):05d}.jsonl")
        # ensure_ascii=False keeps the Chinese text as UTF-8 bytes, as real corpora store it.
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        assert self._stream is not None
        self._stream.write(data)
        self.shards[-1].docs += 1
        self.shards[-1].bytes += len(data)
        return len(data)

    def _open(self, name: str) -> None:
        self.close()
        self.shards.append(Shard(name))
        self._stream = (self.out / name).open("wb")

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


class TextFiles:
    """Writes each record's text as its own ``.txt`` file, 1000 files per folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.shards: list[Shard] = []
        self.count = 0

    def write(self, record: dict[str, Any]) -> int:
        folder = f"{self.count // FILES_PER_FOLDER:03d}"
        if not self.shards or self.shards[-1].path != folder:
            self.shards.append(Shard(folder))
            (self.out / folder).mkdir()
        data = str(record["text"]).encode("utf-8")
        (self.out / folder / f"{self.count:06d}.txt").write_bytes(data)
        self.count += 1
        self.shards[-1].docs += 1
        self.shards[-1].bytes += len(data)
        return len(data)

    def close(self) -> None:
        pass


def build(size_mb: float, out: Path, seed: int = DEFAULT_SEED,
          defect_rate: float = DEFAULT_DEFECT_RATE, fmt: str = "jsonl",
          shard_mb: float = DEFAULT_SHARD_MB, sources: Sources = Sources()) -> Manifest:
    """Write the corpus to ``out`` (replacing it) and return its manifest."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    docs = load_sources(sources)
    manifest = Manifest(seed=seed, size_mb=size_mb, defect_rate=defect_rate, format=fmt,
                        shard_mb=shard_mb)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    writer = (JsonlShards(out, int(shard_mb * 1_000_000)) if fmt == "jsonl" else TextFiles(out))
    by_source: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    by_defect: Counter[str] = Counter()
    target = int(size_mb * 1_000_000)
    stream = records(docs, seed, defect_rate)
    try:
        while manifest.bytes < target:
            record = next(stream)
            size = writer.write(record)
            manifest.docs += 1
            manifest.bytes += size
            by_source[record["src"]] += size
            by_lang[record["lang"]] += size
            if record["planted"]:
                by_defect[record["planted"]] += 1
    finally:
        writer.close()
    manifest.shards = writer.shards
    manifest.by_source = dict(sorted(by_source.items()))
    manifest.by_lang = dict(sorted(by_lang.items()))
    manifest.by_defect = dict(sorted(by_defect.items()))
    (out / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n", "utf-8")
    return manifest


def existing(out: Path, size_mb: float, seed: int = DEFAULT_SEED,
             defect_rate: float = DEFAULT_DEFECT_RATE, fmt: str = "jsonl",
             shard_mb: float = DEFAULT_SHARD_MB) -> Manifest | None:
    """The manifest of a complete corpus already at ``out`` with these settings, if any."""
    try:
        manifest = Manifest.from_json(json.loads((out / MANIFEST).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    wanted = (seed, size_mb, defect_rate, fmt, shard_mb, GENERATOR_VERSION)
    if manifest.settings() != wanted:
        return None
    if fmt == "jsonl" and any(not (out / s.path).is_file()
                              or (out / s.path).stat().st_size != s.bytes
                              for s in manifest.shards):
        return None
    return manifest


def ensure(size_mb: float, out: Path, seed: int = DEFAULT_SEED,
           defect_rate: float = DEFAULT_DEFECT_RATE, fmt: str = "jsonl",
           shard_mb: float = DEFAULT_SHARD_MB) -> Manifest:
    """Reuse the corpus at ``out`` when it was built with the same settings, else build it."""
    return (existing(out, size_mb, seed, defect_rate, fmt, shard_mb)
            or build(size_mb, out, seed, defect_rate, fmt, shard_mb))


def default_out(size_mb: float, fmt: str = "jsonl") -> Path:
    return DATA / (f"corpus-{size_mb:g}" + ("" if fmt == "jsonl" else f"-{fmt}"))


def length_out(size_mb: float, length_kb: float) -> Path:
    return DATA / f"lengths-{size_mb:g}" / f"docs-{length_kb:g}kb"


def build_lengths(source: Path, corpus: Manifest, length_kb: float, out: Path) -> Manifest:
    """The distinct texts of the corpus at ``source`` as documents of ``length_kb``
    kilobytes (UTF-8) each, the last one shorter; reused when already built from the same
    corpus settings."""
    # The manifest's shard size field records the document length (no shards are cut).
    shard_mb = length_kb / 1000
    found = existing(out, corpus.size_mb, corpus.seed, 0.0, "jsonl", shard_mb)
    if found is not None:
        return found
    manifest = Manifest(seed=corpus.seed, size_mb=corpus.size_mb, defect_rate=0.0,
                        shard_mb=shard_mb)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    writer = JsonlShards(out, 1 << 62)  # one shard
    length = int(length_kb * 1000)
    seen: set[str] = set()
    lines: list[str] = []
    held = 0

    def flush() -> None:
        nonlocal held
        manifest.docs += 1
        manifest.bytes += writer.write({"id": f"doc-{manifest.docs:06d}",
                                        "text": "\n".join(lines)})
        lines.clear()
        held = 0

    try:
        for shard in corpus.shards:
            with (source / shard.path).open(encoding="utf-8") as stream:
                for record in stream:
                    text = json.loads(record)["text"]
                    if text in seen:  # a repeated text would test duplicate-section only
                        continue
                    seen.add(text)
                    # The text's lines and a blank line: texts are separate paragraphs.
                    for line in [*text.split("\n"), ""]:
                        lines.append(line)
                        held += len(line.encode("utf-8")) + 1
                        if held >= length:
                            flush()
        if lines:
            flush()
    finally:
        writer.close()
    manifest.shards = writer.shards
    (out / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n", "utf-8")
    return manifest


def describe(manifest: Manifest) -> str:
    total = manifest.bytes or 1
    sources = ", ".join(f"{src} {100 * n / total:.0f}%" for src, n in manifest.by_source.items())
    langs = ", ".join(f"{lang} {100 * n / total:.0f}%" for lang, n in manifest.by_lang.items())
    defects = ", ".join(f"{name} {n}" for name, n in manifest.by_defect.items())
    unit = "shards" if manifest.format == "jsonl" else "folders"
    return (f"{manifest.docs} documents in {len(manifest.shards)} {unit}, "
            f"{manifest.bytes / 1e6:.1f} MB ({manifest.format}, seed {manifest.seed})\n"
            f"  bytes by source: {sources}\n  bytes by language: {langs}\n"
            f"  planted defects: {defects}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100.0)
    parser.add_argument("--out", type=Path, help="default: bench/data/corpus-<size>[-txt]")
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument("--shard-mb", type=float, default=DEFAULT_SHARD_MB,
                        help=f"JSONL shard size (default {DEFAULT_SHARD_MB:g})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--defect-rate", type=float, default=DEFAULT_DEFECT_RATE,
                        help=f"share of documents that get one planted defect "
                             f"(default {DEFAULT_DEFECT_RATE})")
    parser.add_argument("--length-kb", type=float,
                        help="documents of this length made of the corpus's text (see above)")
    args = parser.parse_args(argv)
    if args.length_kb is not None:
        out = args.out or length_out(args.size_mb, args.length_kb)
        source = default_out(args.size_mb)
        corpus = ensure(args.size_mb, source, args.seed, args.defect_rate)
        manifest = build_lengths(source, corpus, args.length_kb, out)
        print(f"{out}: {manifest.docs} documents, {manifest.bytes / 1e6:.1f} MB")
        return 0
    out = args.out or default_out(args.size_mb, args.format)
    manifest = build(args.size_mb, out, args.seed, args.defect_rate, args.format, args.shard_mb)
    print(f"{out}: {describe(manifest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
