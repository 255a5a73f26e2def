"""What the rules must not see or touch in a document, and the suppressions it carries.

One place decides, for the engine, three things about a document version:

- **protected regions**: the non-prose parts of a Markdown document (``lint_corpus.markdown``)
  and the lines that hold suppression directives. The rules run on a *view* of the text in
  which every protected character but the line ends is a space, so they see those lines as
  blank (offsets and line numbers do not move); then a finding whose span overlaps a
  protected region is dropped (it is about markup, or about prose read together with
  markup), and a finding about prose whose fix would edit a protected region keeps the
  finding but loses the fix. A rule about markup declares the kinds it reads
  (``Rule.reads_markup``): html-residue sees HTML blocks, since a ``<script>`` or ``<style>``
  block in a Markdown corpus is residue; it leaves other HTML blocks (a centred logo,
  ``<details>``) alone by its own Markdown logic.
- **directives**, written where the data lives: in Markdown an HTML comment on its own line
  (``<!-- lint-corpus: disable=LC101 -->``), in other text files a marker line
  (``lint-corpus: disable=LC101``); actions ``disable``, ``enable``, ``disable-next-line`` and
  ``disable-file``, with rule codes or names after ``=`` (comma-separated; none: every rule).
  A JSONL or Parquet record carries its own in a field (``Document.ignore``).
- **unused suppressions**: a directive (or a code in it) that suppressed nothing this run is
  reported by a ``SuppressionRule`` (``unused-suppression``), with a safe fix that removes it.

A plain-text document without the marker prefix, the case of every corpus without
suppressions, costs one substring search and is linted exactly as before.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

from lint_corpus import markdown
from lint_corpus.document import Document
from lint_corpus.markdown import Region
from lint_corpus.rule import Edit, Finding, Fix, Rule

#: Document kinds (``Document.markup``).
MARKDOWN, TEXT, RECORD = "markdown", "text", "record"
#: What every directive starts with; a text without it has no directive.
PREFIX = "lint-corpus:"
DISABLE, ENABLE, DISABLE_NEXT_LINE, DISABLE_FILE = (
    "disable", "enable", "disable-next-line", "disable-file")
#: The actions that suppress (``enable`` only ends a ``disable``).
SUPPRESSING = (DISABLE, DISABLE_NEXT_LINE, DISABLE_FILE)
#: A record's ignore field value that suppresses every rule.
ALL = "all"
#: Where ``Structure.used`` credits the record's ignore field (directives by their index).
RECORD_FIELD = -1

_ACTION = rf"(?P<action>{DISABLE_NEXT_LINE}|{DISABLE_FILE}|{DISABLE}|{ENABLE})"
_SELECTORS = r"(?:[ \t]*=[ \t]*(?P<selectors>[^\s>][^\n>]*?))?"
_TEXT_DIRECTIVE = re.compile(rf"^[ \t]*{PREFIX}[ \t]*{_ACTION}{_SELECTORS}[ \t]*\r?$",
                             re.MULTILINE)
_MARKDOWN_DIRECTIVE = re.compile(
    rf"^[ \t]*<!--[ \t]*{PREFIX}[ \t]*{_ACTION}{_SELECTORS}[ \t]*-->[ \t]*\r?$", re.MULTILINE)


def markup_for(path: str, *, record: bool) -> str:
    """The ``Document.markup`` of a document read from ``path`` (a record of a record file,
    or a whole file)."""
    if record:
        return RECORD
    return MARKDOWN if markdown.is_markdown(path) else TEXT


def directive_line(markup: str, action: str, selectors: Sequence[str] = ()) -> str:
    """A directive as a line of a ``markup`` document (without its line end)."""
    body = f"{PREFIX} {action}" + (f"={','.join(selectors)}" if selectors else "")
    return f"<!-- {body} -->" if markup == MARKDOWN else body


def parse_selectors(written: str | None) -> tuple[str, ...]:
    """Codes or names from a directive's comma-separated list (``()``: every rule)."""
    if not written:
        return ()
    return tuple(item.strip() for item in written.split(",") if item.strip())


@dataclass(frozen=True)
class Directive:
    """One directive: its action, the rules it names as written (``()``: every rule), and
    the line it is on (0-based ``line``; ``start``..``end`` the line without its end)."""

    action: str
    selectors: tuple[str, ...]
    line: int
    start: int
    end: int


@dataclass
class Structure:
    """A document version's protected regions and directives, and the record's ignores."""

    regions: list[Region]
    directives: list[Directive]
    record_ignore: tuple[str, ...] | None = None
    #: What each suppression suppressed this pass: (directive index or ``RECORD_FIELD``,
    #: code) pairs; a suppression of every rule is credited under "".
    used: set[tuple[int, str]] = field(default_factory=set)

    #: Views already built, by the region kinds they leave visible.
    views: dict[frozenset[str], Document] = field(default_factory=dict)

    def view(self, doc: Document, visible: frozenset[str] = frozenset()) -> Document:
        """``doc`` as the rules see it: every protected character but line ends a space,
        except in regions of the ``visible`` kinds (``Rule.reads_markup``)."""
        if visible not in self.views:
            self.views[visible] = self._masked(doc, visible)
        return self.views[visible]

    def _masked(self, doc: Document, visible: frozenset[str]) -> Document:
        regions = [region for region in self.regions if region.kind not in visible]
        if not regions:
            return doc
        text = doc.text
        pieces: list[str] = []
        cursor = 0
        for region in regions:
            if region.start < cursor:  # nested or overlapping regions: mask once
                if region.end <= cursor:
                    continue
                region = Region(cursor, region.end, region.kind)
            pieces.append(text[cursor:region.start])
            pieces.append(_blank(text[region.start:region.end]))
            cursor = region.end
        pieces.append(text[cursor:])
        return Document("".join(pieces), doc.path, doc.id, markup=doc.markup,
                        ignore=doc.ignore)


def _blank(text: str) -> str:
    return re.sub(r"[^\n\r]", " ", text)


def structure_of(doc: Document) -> Structure | None:
    """What to protect and suppress in ``doc``; ``None`` when there is nothing (then the
    rules see the document as it is)."""
    if doc.markup == RECORD:
        return Structure([], [], doc.ignore) if doc.ignore is not None else None
    if doc.markup == MARKDOWN:
        return _markdown_structure(doc)
    if PREFIX not in doc.text:
        return None
    directives = [_directive(doc, match.group("action"), match.group("selectors"),
                             doc.line_at(match.start()).index)
                  for match in _TEXT_DIRECTIVE.finditer(doc.text)]
    if not directives:
        return None
    regions = [Region(d.start, d.end, "directive") for d in directives]
    return Structure(regions, directives)


def _markdown_structure(doc: Document) -> Structure:
    table = doc.line_table
    starts, ends = table.starts, table.ends
    found = markdown.blocks(doc.text)
    regions = markdown.protected_regions(doc.text, found, starts, ends)
    directives: list[Directive] = []
    if PREFIX in doc.text:
        # Only an HTML comment that is an HTML block of its own is a directive: one shown in
        # a code block (a README documenting lint-corpus) is an example, not a directive.
        for block in found:
            if block.kind != "html":
                continue
            for index in range(block.first, min(block.last + 1, len(starts))):
                match = _MARKDOWN_DIRECTIVE.match(doc.text, starts[index], ends[index])
                if match is not None and match.end() == ends[index]:
                    directives.append(_directive(doc, match.group("action"),
                                                 match.group("selectors"), index))
    if directives:  # protected from every rule, html-residue (which reads HTML) included
        regions = sorted(regions + [Region(d.start, d.end, "directive") for d in directives],
                         key=lambda region: (region.start, region.end))
    return Structure(regions, directives)


def _directive(doc: Document, action: str, selectors: str | None, index: int) -> Directive:
    line = doc.lines[index]
    return Directive(action, parse_selectors(selectors), index, line.start, line.end)


class Selection:
    """Resolves a directive's codes and names against the rules of a run."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.codes: dict[str, str] = {}
        for rule in rules:
            self.codes[rule.code.upper()] = rule.code
            self.codes[rule.name] = rule.code

    def code(self, selector: str) -> str | None:
        """The code ``selector`` names among the run's rules (``None``: not run)."""
        return self.codes.get(selector) or self.codes.get(selector.upper())


def apply(structure: Structure, doc: Document, findings: Sequence[Finding],
          rules: Sequence[Rule]) -> list[Finding]:
    """``findings`` (of the view) kept away from the protected regions, without the
    suppressed ones, plus what ``SuppressionRule``s among ``rules`` report."""
    selection = Selection(rules)
    kept: list[Finding] = []
    structure.used.clear()
    everything = Regions(structure.regions)
    # A rule about some markup (``Rule.reads_markup``) may report there.
    partial = {rule.code: Regions(r for r in structure.regions
                                  if r.kind not in rule.reads_markup)
               for rule in rules if rule.reads_markup}
    for finding in findings:
        about_prose = _protected(finding, partial.get(finding.code, everything))
        if about_prose is None or _suppressed(about_prose, doc, structure, selection):
            continue
        kept.append(about_prose)
    for rule in rules:
        if isinstance(rule, SuppressionRule):
            kept.extend(rule.unused(doc, structure, selection))
    return kept


class Regions:
    """Answers "does this span overlap a region?" in log time: the regions sorted by start
    with the running maximum of their ends (regions may nest: a directive in an HTML block).
    A large code block is many whitespace-only lines to the rules, each a finding to test."""

    def __init__(self, regions: Iterable[Region]) -> None:
        ordered = sorted(regions, key=lambda region: region.start)
        self.starts = [region.start for region in ordered]
        self.max_ends = list(itertools.accumulate((region.end for region in ordered), max))

    def _reaches_past(self, count: int, offset: int) -> bool:
        """Whether one of the first ``count`` regions ends after ``offset``."""
        return count > 0 and self.max_ends[count - 1] > offset

    def overlaps(self, start: int, end: int) -> bool:
        if start == end:  # an empty span lies in a region that holds its position
            return self._reaches_past(bisect.bisect_right(self.starts, start), start)
        return self._reaches_past(bisect.bisect_left(self.starts, end), start)

    def touches(self, edit: Edit) -> bool:
        if edit.start == edit.end:  # an insertion inside a region, not at its edges
            return self._reaches_past(bisect.bisect_left(self.starts, edit.start), edit.start)
        return self.overlaps(edit.start, edit.end)


def _protected(finding: Finding, regions: Regions) -> Finding | None:
    """``finding`` if it is about prose (without its fix if the fix would edit a protected
    region), ``None`` if it overlaps one."""
    if regions.overlaps(finding.start, finding.end):
        return None
    fix = finding.fix
    if fix is not None and any(regions.touches(edit) for edit in fix.edits):
        return replace(finding, fix=None)
    return finding


def _suppressed(finding: Finding, doc: Document, structure: Structure,
                selection: Selection) -> bool:
    """Whether a suppression covers ``finding``; every one that does is credited."""
    code = finding.code
    hit = False
    ignore = structure.record_ignore
    if ignore is not None and _names(ignore, code, selection):
        structure.used.add((RECORD_FIELD, code if ignore else ""))
        hit = True
    if not structure.directives:
        return hit
    line = doc.line_at(finding.start).index
    for number, directive in enumerate(structure.directives):
        if directive.action == ENABLE or not _names(directive.selectors, code, selection):
            continue
        if directive.action == DISABLE_FILE or (
                directive.action == DISABLE_NEXT_LINE and line == directive.line + 1) or (
                directive.action == DISABLE and directive.line < line
                and not _enabled_between(structure.directives, number, line, code, selection)):
            structure.used.add((number, code if directive.selectors else ""))
            hit = True
    return hit


def _names(selectors: Sequence[str], code: str, selection: Selection) -> bool:
    return not selectors or any(selection.code(item) == code for item in selectors)


def _enabled_between(directives: Sequence[Directive], number: int, line: int, code: str,
                     selection: Selection) -> bool:
    start = directives[number].line
    return any(d.action == ENABLE and start < d.line < line
               and _names(d.selectors, code, selection) for d in directives)


class SuppressionRule(Rule):
    """A rule about the suppressions themselves: the engine calls ``unused`` with what the
    other rules' findings used, after every pass (its ``check`` finds nothing)."""

    fixable: ClassVar[bool] = True

    def check(self, doc: Document) -> Iterator[Finding]:
        return iter(())

    def unused(self, doc: Document, structure: Structure,
               selection: Selection) -> Iterator[Finding]:
        for number, directive in enumerate(structure.directives):
            if directive.action not in SUPPRESSING:
                continue
            if not directive.selectors:
                if (number, "") not in structure.used:
                    yield self._report(doc, directive, (), "suppresses nothing")
                continue
            unused = [item for item in directive.selectors
                      if (code := selection.code(item)) is not None and code != self.code
                      and (number, code) not in structure.used]
            if unused:
                yield self._report(doc, directive, unused,
                                   f"{', '.join(unused)} suppressed nothing")
        ignore = structure.record_ignore
        if ignore is not None:
            if not ignore:
                if (RECORD_FIELD, "") not in structure.used:
                    yield self.finding(0, 0, "unused suppression: the record's ignore field "
                                             f"({ALL!r}) suppresses nothing; remove it")
                return
            unused = [item for item in ignore
                      if (code := selection.code(item)) is not None and code != self.code
                      and (RECORD_FIELD, code) not in structure.used]
            if unused:
                yield self.finding(0, 0, f"unused suppression: the record's ignore field "
                                         f"lists {', '.join(unused)}, which found nothing; "
                                         "remove it")

    def _report(self, doc: Document, directive: Directive, unused: Sequence[str],
                what: str) -> Finding:
        kept = [item for item in directive.selectors if item not in unused]
        if unused and kept:
            replacement = directive_line(doc.markup, directive.action, kept)
            indent = doc.text[directive.start:directive.end]
            indent = indent[:len(indent) - len(indent.lstrip(" \t"))]
            fix = Fix(f"Remove {', '.join(unused)} from the directive",
                      (Edit(directive.start, directive.end, indent + replacement),))
        else:
            fix = Fix("Remove the directive", (_line_removal(doc, directive),))
        return self.finding(directive.start, directive.end,
                            f"unused suppression: {directive.action} {what}", fix=fix)


def suppressible(findings: Sequence[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """The findings a suppression can be written for: not those about suppressions (as
    ruff's ``--add-noqa`` writes none for RUF100)."""
    about_suppressions = {rule.code for rule in rules if isinstance(rule, SuppressionRule)}
    return [finding for finding in findings if finding.code not in about_suppressions]


def _line_removal(doc: Document, directive: Directive) -> Edit:
    """Deletes the directive's line with its line end (the previous line end for a last
    line without one), leaving the lines around it as they were."""
    if directive.end < len(doc.text):
        return Edit(directive.start, directive.end + 1)
    return Edit(max(directive.start - 1, 0), directive.end)


def with_directives(doc: Document, findings: Sequence[Finding], *,
                    whole_file: bool = False) -> str:
    """``doc``'s text with directives that suppress ``findings`` (``--add-noqa``).

    Per block of prose lines holding findings: ``disable-next-line`` above the block when
    every finding starts on its first line, otherwise ``disable`` above and ``enable`` below
    it. Each directive is a line of its own, next to a block and never inside one, so a
    paragraph or list keeps its shape. In the rules' view a directive line is blank, which
    can change what a rule reading the gaps between blocks decides: the caller checks the
    result and falls back to ``whole_file``, one ``disable-file`` line at the top (after
    Markdown front matter).
    """
    structure = structure_of(doc)
    if whole_file:
        return _with_file_directive(doc, structure, sorted({f.code for f in findings}))
    view = structure.view(doc) if structure is not None else doc
    by_block: dict[int, set[str]] = {}
    first_line_only: dict[int, bool] = {}
    block_of = _block_index(view)
    for finding in findings:
        line = view.line_at(finding.start).index
        number = block_of.get(line)
        if number is None:
            continue
        by_block.setdefault(number, set()).add(finding.code)
        first = view.blocks[number].first_line == line
        first_line_only[number] = first_line_only.get(number, True) and first
    insertions: list[Edit] = []
    for number, codes in by_block.items():
        block = view.blocks[number]
        selectors = sorted(codes)
        if first_line_only[number]:
            above = directive_line(doc.markup, DISABLE_NEXT_LINE, selectors)
            insertions.append(Edit(block.start, block.start, above + "\n"))
            continue
        insertions.append(Edit(block.start, block.start,
                               directive_line(doc.markup, DISABLE, selectors) + "\n"))
        after = directive_line(doc.markup, ENABLE, selectors)
        last = view.lines[block.last_line]
        if last.end < len(doc.text):
            insertions.append(Edit(last.end + 1, last.end + 1, after + "\n"))
        else:
            insertions.append(Edit(last.end, last.end, "\n" + after))
    from lint_corpus.fixes import apply_edits

    return apply_edits(doc.text, insertions)


def _with_file_directive(doc: Document, structure: Structure | None,
                         codes: Sequence[str]) -> str:
    line = directive_line(doc.markup, DISABLE_FILE, codes) + "\n"
    at = 0
    if structure is not None:
        head = next((r for r in structure.regions if r.kind == "front-matter"), None)
        if head is not None and head.start == 0:
            at = min(head.end + 1, len(doc.text))
            if head.end == len(doc.text):
                line = "\n" + line
    return doc.text[:at] + line + doc.text[at:]


def _block_index(doc: Document) -> dict[int, int]:
    return {line.index: block.index for block in doc.blocks for line in block.lines}
