"""``--format junit``: JUnit XML for GitLab merge-request widgets and Jenkins.

One ``<testsuite>`` per document (named by its path). JUnit allows at most one ``<failure>``
per ``<testcase>`` (GitLab and Jenkins read only one), so each finding is its own failed
test case, named ``CODE rule-name (line L)``, with the message, the location and the fix in
the failure; a document without findings is one passing test case, so clean documents count
as passed tests. A document that could not be read or checked is a test case with an
``<error>``. The classname is the path without its suffix: Jenkins reads dots in a classname
as package separators. Escaping is left to ``xml.etree``; characters XML 1.0 cannot carry at
all (most C0 controls, lone surrogates), which corpus text does contain, become U+FFFD.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from lint_corpus import report as reportlib
from lint_corpus.reporters.base import ReporterSpec, fix_marker, whole_run
from lint_corpus.results import Run

if TYPE_CHECKING:
    # Imported where a report is built: every run declares this reporter (``--format``'s
    # choices), few choose it.
    import xml.etree.ElementTree as ET

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(root: ET.Element) -> None:
    """Replace the characters XML 1.0 forbids even as references, in text and attributes."""
    for element in root.iter():
        if element.text:
            element.text = _NOT_XML.sub("\ufffd", element.text)
        for key, value in element.attrib.items():
            element.set(key, _NOT_XML.sub("\ufffd", value))


def _classname(file: str) -> str:
    path = PurePosixPath(file)
    return path.with_suffix("").as_posix() if path.suffix else path.as_posix()


def _count(suite: ET.Element) -> tuple[int, int, int]:
    cases = suite.findall("testcase")
    failures = sum(case.find("failure") is not None for case in cases)
    errors = sum(case.find("error") is not None for case in cases)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", "0")
    return len(cases), failures, errors


def build(run: Run) -> ET.Element:
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="lint-corpus")
    for document in run.documents:
        result = document.result
        suite = ET.SubElement(root, "testsuite", name=document.file)
        classname = _classname(document.file)
        for reported in result.findings:
            finding = reported.finding
            entry = reportlib.finding_entry(result.original, reported)
            where = document.file if result.record is None else \
                f"{document.file}[{result.record}]"
            location = f"{where}:{entry['line']}:{entry['column']}"
            case = ET.SubElement(suite, "testcase", classname=classname,
                                 name=f"{finding.code} {finding.rule} ("
                                      + ("" if result.record is None else
                                         f"record {result.record}, ")
                                      + f"line {entry['line']}, column {entry['column']})",
                                 file=document.file, line=str(entry["line"]), time="0")
            failure = ET.SubElement(case, "failure", type=finding.code,
                                    message=finding.message + fix_marker(reported))
            body = [f"{location}: {finding.code} {finding.rule} [{finding.severity.value}]",
                    finding.message,
                    f"lines {entry['line']}–{entry['end_line']}: {entry['excerpt']}"]
            if finding.fix is not None:
                state = "applied" if reported.applied else f"{finding.fix.applicability.value}, " \
                    "not applied"
                body.append(f"fix ({state}): {finding.fix.description}")
            failure.text = "\n".join(body) + "\n"
        for message in result.errors:
            case = ET.SubElement(suite, "testcase", classname=classname, name="checks ran",
                                 file=document.file, time="0")
            ET.SubElement(case, "error", type="lint-corpus", message=message).text = message
        if not result.findings and not result.errors:
            ET.SubElement(suite, "testcase", classname=classname, name="no findings",
                          file=document.file, time="0")
    for error in run.errors:
        suite = ET.SubElement(root, "testsuite", name=error.relative)
        case = ET.SubElement(suite, "testcase", classname=_classname(error.relative),
                             name="readable input", file=error.relative, time="0")
        ET.SubElement(case, "error", type="lint-corpus", message=error.message).text = \
            error.message
    totals = [_count(suite) for suite in root.findall("testsuite")]
    root.set("tests", str(sum(t[0] for t in totals)))
    root.set("failures", str(sum(t[1] for t in totals)))
    root.set("errors", str(sum(t[2] for t in totals)))
    root.set("time", "0")
    return root


def write(run: Run) -> str:
    import xml.etree.ElementTree as ET

    root = build(run)
    _xml_safe(root)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


REPORTER = ReporterSpec("junit", "XML", streams=False, machine_readable=True,
                        create=whole_run(write))
