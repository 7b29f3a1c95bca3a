"""Bad input: a folder nobody checked goes through ``rolegraph build`` without losing anything.

Each case puts one bad (or odd) file beside two good documents that are already in the store and
builds the folder again. The build goes on with the other documents; a refused file is named in
the report with the reason (and the line where there is one); the exit code says that something
was refused (3, ``LoaderError.exit_code``); and the store's quads are the same as before, or a
superset of them when the odd file was read. Small fixtures live in ``tests/badinput/``; large or
binary ones, links and FIFOs are made here in ``tmp_path``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rolegraph.cli import cli
from rolegraph.errors import LoaderError
from rolegraph.graph.build import build
from rolegraph.graph.store import Store
from rolegraph.loaders import MAX_BYTES, MAX_LINE, extract

BAD = Path(__file__).parent / "badinput"

LEAD = """\
# What does a Support Team Lead do?

## Responsibilities

- Team leadership: Coach the agents every day.
- Reporting: Write the weekly service report.

## Tools

### Help desk software

- Zendesk: tickets and macros.
- Freshdesk: for smaller teams.
"""

AGENT = """\
# What does a Chat Agent do?

## Responsibilities

- Answer chats from customers every day.

## Skills

- Written communication

## Tools

### Live chat software

- Intercom: the chat inbox.
"""


@pytest.fixture
def folder(tmp_path):
    """``(docs, store_path)``: a folder with two good documents and a store built from it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lead.md").write_text(LEAD, encoding="utf-8")
    (docs / "agent.md").write_text(AGENT, encoding="utf-8")
    with Store.open(tmp_path / "store") as store:
        assert build([docs], store=store).exit_code == 0
    return docs, tmp_path / "store"


def quads(store_path: Path) -> set[str]:
    with Store.open(store_path) as store:
        return {str(q) for q in store.oxigraph}


def run_build(docs: Path, store_path: Path):
    """``rolegraph build`` through the command line: (exit code, output lines)."""
    result = CliRunner().invoke(cli, ["build", str(docs), "--store", str(store_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def refused_line(lines: list[str], path: Path) -> str:
    found = [line for line in lines if line.startswith("refused") and str(path) in line]
    assert len(found) == 1, lines
    return found[0]


def assert_refused(docs: Path, store_path: Path, bad: Path, *reason: str, unchanged: int = 2) -> str:
    """Build with ``bad`` in ``docs``: it is refused by name and reason, the rest is untouched."""
    before = quads(store_path)
    code, lines = run_build(docs, store_path)
    assert code == LoaderError.exit_code == 3, lines
    line = refused_line(lines, bad)
    for part in reason:
        assert part in line, line
    assert sum(line.startswith("unchanged") for line in lines) == unchanged, lines  # the good ones
    assert lines[-1].endswith(")") and "1 refused" in lines[-1]
    assert quads(store_path) == before
    return line


def assert_read(docs: Path, store_path: Path, odd: Path):
    """Build with ``odd`` in ``docs``: it goes in, and nothing that was in the store changes."""
    before = quads(store_path)
    with Store.open(store_path) as store:
        report = build([docs], store=store)
    assert report.exit_code == 0, [d.line() for d in report.documents]
    [doc] = [d for d in report.documents if d.path == str(odd)]
    assert doc.status == "added"
    assert before < quads(store_path)
    return doc


# --------------------------------------------------------------------------- refused


def test_an_empty_file_is_refused(folder):
    docs, store = folder
    bad = docs / "empty.md"
    bad.write_bytes(b"")
    assert_refused(docs, store, bad, f"{bad}: empty document")


def test_a_file_of_whitespace_is_refused(folder):
    docs, store = folder
    bad = docs / "whitespace.md"
    shutil.copy(BAD / "whitespace.md", bad)
    assert_refused(docs, store, bad, "empty document")


def test_a_png_named_like_a_document_is_refused_as_binary(folder):
    docs, store = folder
    bad = docs / "picture.md"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00")
    assert_refused(docs, store, bad, "binary")


def test_a_zip_named_like_a_document_is_refused_as_binary(folder):
    docs, store = folder
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lead.md", LEAD * 20)
    bad = docs / "archive.txt"
    bad.write_bytes(buffer.getvalue())
    assert_refused(docs, store, bad, "binary")


def test_bytes_that_are_no_text_in_any_encoding_are_refused(folder):
    docs, store = folder
    bad = docs / "noise.txt"
    bad.write_bytes(bytes((i * 37 + 11) % 256 or 1 for i in range(4000)))  # no NUL, mostly controls
    assert_refused(docs, store, bad, "not text in UTF-8 or a known single-byte encoding")


def test_a_document_with_no_headings_and_nothing_to_take_is_refused(folder):
    docs, store = folder
    bad = docs / "no-headings.txt"
    shutil.copy(BAD / "no-headings.txt", bad)
    assert_refused(docs, store, bad, "no usable content")


def test_a_line_of_a_megabyte_is_refused_with_its_number(folder):
    docs, store = folder
    bad = docs / "long-line.md"
    bad.write_text(LEAD.replace("Support Team Lead", "Night Shift Lead") + "\n" + "x" * 1_000_000 + "\n", encoding="utf-8")
    started = time.monotonic()
    line = assert_refused(docs, store, bad, f"{bad}:15: line of 1000000 characters", f"limit of {MAX_LINE}")
    assert time.monotonic() - started < 10, line


def test_a_file_over_the_size_limit_is_refused_without_being_read(folder):
    docs, store = folder
    bad = docs / "dump.txt"
    with open(bad, "w", encoding="utf-8") as out:  # 50 MB of text
        chunk = "- Answer the phone every day and write it down.\n" * 2000
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    started = time.monotonic()
    assert_refused(docs, store, bad, f"over the limit of {MAX_BYTES} bytes")
    assert time.monotonic() - started < 10


_MAXRSS = """
import resource, sys
from rolegraph.graph.build import build
from rolegraph.graph.store import Store
with Store.open(None) as store:
    report = build([sys.argv[1]], store=store)
print(report.exit_code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.slow
def test_a_50_mb_file_costs_no_memory(tmp_path):
    small, big = tmp_path / "small", tmp_path / "big"
    for folder in (small, big):
        folder.mkdir()
        (folder / "lead.md").write_text(LEAD, encoding="utf-8")
    with open(big / "dump.md", "wb") as out:
        out.write(b"- a line of a dump\n" * (50 * 1024 * 1024 // 19 + 1))

    def peak(folder: Path) -> tuple[int, int]:
        done = subprocess.run([sys.executable, "-c", _MAXRSS, str(folder)], capture_output=True, text=True, timeout=120)
        code, megabytes = done.stdout.split()
        return int(code), int(megabytes)

    (small_code, small_mb), (big_code, big_mb) = peak(small), peak(big)
    assert (small_code, big_code) == (0, 3)
    assert big_mb - small_mb < 20, (small_mb, big_mb)  # not 50 MB more: the file was never read


def test_a_copy_under_another_name_is_not_stored_twice(folder):
    docs, store = folder
    bad = docs / "lead-copy.md"  # sorts before lead.md: the stored one keeps its bytes all the same
    shutil.copy(docs / "lead.md", bad)
    assert_refused(docs, store, bad, "the same bytes as", str(docs / "lead.md"))


def test_of_two_new_copies_the_first_goes_in(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("b.md", "a.md"):
        (docs / name).write_text(LEAD, encoding="utf-8")
    with Store.open(None) as store:
        report = build([docs], store=store)
        assert [(Path(d.path).name, d.status) for d in report.documents] == [("a.md", "added"), ("b.md", "refused")]
        assert report.documents[1].reason == f"{docs / 'b.md'}: the same bytes as {docs / 'a.md'}; not stored twice"
        assert report.exit_code == 3


def test_a_symlink_loop_and_a_broken_link_are_refused_by_name(folder):
    docs, store = folder
    loop = docs / "loop.md"
    loop.symlink_to("loop.md")
    (docs / "sub").mkdir()
    (docs / "sub" / "up").symlink_to("..")  # a folder loop: walked once, not forever
    before = quads(store)
    code, lines = run_build(docs, store)
    assert code == 3
    assert "Too many levels of symbolic links" in refused_line(lines, loop)
    assert quads(store) == before

    loop.unlink()
    broken = docs / "gone.md"
    broken.symlink_to("nowhere.md")
    assert_refused(docs, store, broken, "broken symbolic link")


def test_a_fifo_named_like_a_document_is_refused_without_waiting(folder):
    docs, store = folder
    fifo = docs / "notes.md"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    started = time.monotonic()
    assert_refused(docs, store, fifo, "not a regular file")
    assert time.monotonic() - started < 10


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode; the FIFO test covers an unreadable file")
def test_a_file_without_read_permission_is_refused(folder):
    docs, store = folder
    bad = docs / "secret.md"
    bad.write_text(LEAD.replace("Support Team Lead", "Secret Lead"), encoding="utf-8")
    bad.chmod(0)
    assert_refused(docs, store, bad, "Permission denied")


def test_a_folder_named_like_a_document_is_walked_not_read(folder):
    docs, store = folder
    (docs / "more.md").mkdir()
    (docs / "more.md" / "agent-2.md").write_text(AGENT.replace("Chat Agent", "Email Agent"), encoding="utf-8")
    doc = assert_read(docs, store, docs / "more.md" / "agent-2.md")
    assert doc.role == "Email Agent"


def test_naming_a_bad_file_on_the_command_line_is_refused_too(folder):
    docs, store = folder
    bad = docs / "picture.md"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, lines = run_build(bad, store)
    assert code == 3
    assert "binary" in refused_line(lines, bad)
    with pytest.raises(LoaderError, match="binary"):
        extract(bad)


def test_a_bad_new_version_of_a_stored_document_leaves_the_old_one(folder):
    docs, store = folder
    with Store.open(store) as s:
        [old] = [d for d in s.documents() if d.source == str(docs / "lead.md")]
    (docs / "lead.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert_refused(docs, store, docs / "lead.md", "binary", unchanged=1)
    with Store.open(store) as s:
        assert [d for d in s.documents() if d.source == str(docs / "lead.md")] == [old]


# --------------------------------------------------------------------------- read, with what was assumed


def test_latin_1_text_is_decoded_and_the_encoding_is_reported(folder):
    docs, store = folder
    odd = docs / "latin1.txt"
    shutil.copy(BAD / "latin1.txt", odd)
    doc = assert_read(docs, store, odd)
    assert doc.encoding in ("cp1252", "iso-8859-1")
    assert doc.role == "Responsable du service clientèle"
    assert f"decoded as {doc.encoding}" in doc.line()


def test_windows_1250_text_is_decoded_and_the_encoding_is_reported(folder):
    docs, store = folder
    odd = docs / "cp1250.txt"
    shutil.copy(BAD / "cp1250.txt", odd)
    doc = assert_read(docs, store, odd)
    assert (doc.encoding, doc.language, doc.role) == ("cp1250", "pl", "Kierownik obsługi klienta")
    assert "decoded as cp1250" in doc.line()


def test_utf_8_with_bom_and_crlf_reads_like_plain_utf_8(folder, tmp_path):
    docs, store = folder
    odd = docs / "bom-crlf.md"
    shutil.copy(BAD / "bom-crlf.md", odd)
    doc = assert_read(docs, store, odd)
    assert doc.encoding == "utf-8" and doc.role == "Service Desk Lead"
    plain = tmp_path / "plain.md"
    plain.write_bytes((BAD / "bom-crlf.md").read_bytes().decode("utf-8-sig").replace("\r\n", "\n").encode("utf-8"))
    a, b = extract(odd), extract(plain)
    assert (a.role, a.responsibilities, a.tools) == (b.role, b.responsibilities, b.tools)


def test_utf_16_with_a_byte_order_mark_is_read(folder):
    docs, store = folder
    odd = docs / "utf16.md"
    odd.write_bytes(LEAD.replace("Support Team Lead", "Phone Team Lead").encode("utf-16"))
    doc = assert_read(docs, store, odd)
    assert (doc.encoding, doc.role) == ("utf-16", "Phone Team Lead")


def test_headings_without_items_give_a_role_and_no_items(folder):
    docs, store = folder
    odd = docs / "headings-no-items.md"
    shutil.copy(BAD / "headings-no-items.md", odd)
    doc = assert_read(docs, store, odd)
    assert doc.role == "Quality Coach"
    assert sum(doc.counts.values()) == 0
    assert any("line 3" in w and "has no items" in w for w in doc.warnings), doc.warnings


def test_empty_sections_are_named_in_the_warnings_with_their_line(tmp_path):
    a = tmp_path / "headings-no-items.md"
    shutil.copy(BAD / "headings-no-items.md", a)
    warnings = extract(a).warnings
    assert any("line 3" in w and "Responsibilities" in w for w in warnings), warnings
    b = tmp_path / "tools-no-product.md"
    shutil.copy(BAD / "tools-no-product.md", b)
    warnings = extract(b).warnings
    assert any("line 7" in w and "Tools" in w and "no product" in w for w in warnings), warnings


def test_a_language_no_label_set_knows_is_read_with_a_warning(folder):
    docs, store = folder
    odd = docs / "unknown-language.md"
    shutil.copy(BAD / "unknown-language.md", odd)
    doc = assert_read(docs, store, odd)
    assert any("no profile" in w or "could not be detected" in w for w in doc.warnings), doc.warnings


def test_a_tools_section_without_a_product_gives_no_tools(folder):
    docs, store = folder
    odd = docs / "tools-no-product.md"
    shutil.copy(BAD / "tools-no-product.md", odd)
    doc = assert_read(docs, store, odd)
    assert doc.tools == [] and doc.counts["responsibilities"] == 1
    assert any("line 7" in w and "names no product" in w for w in doc.warnings), doc.warnings


def test_html_scripts_are_not_read_as_content(folder):
    docs, store = folder
    odd = docs / "scripts.html"
    shutil.copy(BAD / "scripts.html", odd)
    doc = assert_read(docs, store, odd)
    assert doc.tools == ["Freshdesk"]  # not Salesforce or HubSpot, which only scripts name
    with Store.open(store) as s:
        text = " ".join(str(q) for q in s.oxigraph.quads_for_pattern(None, None, None, None))
    assert "document.write" not in text and "127.0.0.1:9" not in text and "HubSpot" not in text.split("tool/")[0]


def test_markdown_front_matter_gives_title_and_language_not_items(folder):
    docs, store = folder
    odd = docs / "front-matter.md"
    shutil.copy(BAD / "front-matter.md", odd)
    doc = assert_read(docs, store, odd)
    assert (doc.language, doc.role, doc.tools) == ("en", "Onboarding Coordinator", ["Confluence"])
    extraction = extract(odd)
    labels = {i.label for kind in ("responsibilities", "skills", "best_practices") for i in getattr(extraction, kind)}
    assert not any("tags" in label or "2024-05-02" in label for label in labels)
    assert extraction.published == "2024-05-02"


def test_two_documents_on_the_same_role_share_the_role_and_keep_their_own_mentions(folder):
    docs, store = folder
    odd = docs / "lead-2.md"
    odd.write_text(LEAD.replace("Zendesk: tickets and macros.", "Salesforce: the customer records."), encoding="utf-8")
    doc = assert_read(docs, store, odd)
    with Store.open(store) as s:
        roles = s.query("SELECT DISTINCT ?doc ?role WHERE { GRAPH ?g { ?doc rg:describesRole ?role } }").rows
        lead_roles = {role for _, role in roles if role.endswith("/support-team-lead")}
        assert len(lead_roles) == 1  # one role node, described by two documents
        said = s.query(
            "SELECT DISTINCT ?g ?tool WHERE { GRAPH ?g { ?m a rg:ToolMention ; rg:about/rdfs:label ?tool } }"
        ).rows
    by_doc = {}
    for g, tool in said:
        by_doc.setdefault(g, set()).add(tool)
    assert by_doc[doc.iri] == {"Salesforce", "Freshdesk"}
    assert sum(1 for tools in by_doc.values() if "Zendesk" in tools) == 1


def test_one_folder_of_every_bad_kind_builds_the_good_ones(tmp_path):
    """All the cases at once: each bad file named once, the good ones in, exit code 3."""
    docs = tmp_path / "docs"
    shutil.copytree(BAD, docs)
    (docs / "lead.md").write_text(LEAD, encoding="utf-8")
    (docs / "empty.md").write_bytes(b"")
    (docs / "picture.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (docs / "loop.md").symlink_to("loop.md")
    os.mkfifo(docs / "pipe.txt")
    with Store.open(tmp_path / "store") as store:
        report = build([docs], store=store)
        names = {Path(d.path).name: d for d in report.documents}
        refused = {n for n, d in names.items() if d.status == "refused"}
        assert refused == {"empty.md", "picture.md", "loop.md", "pipe.txt", "whitespace.md", "no-headings.txt"}
        for name in refused:
            assert names[name].reason.startswith(str(docs / name) + ":"), names[name].reason
        assert report.exit_code == 3
        assert len(store.documents()) == len(names) - len(refused)


def test_extract_on_a_bad_file_is_one_line_and_exit_code_3(tmp_path):
    bad = tmp_path / "picture.md"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = CliRunner().invoke(cli, ["extract", str(bad)])
    assert result.exit_code == LoaderError.exit_code
    assert result.output.strip() == f"rolegraph: error: {bad}: binary file (contains NUL bytes), not a text document"
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["extract", str(fifo)])
    assert result.exit_code == 3 and "not a regular file" in result.output
