"""Loaders: documents in, :class:`~rolegraph.model.Extraction` out.

One module per input format, registered here by file suffix; a new format is one new module and
one line in :data:`LOADERS`. Modules are imported only when a file of their kind is read.

>>> LOADERS['.md']
'rolegraph.loaders.text:load'
"""

from __future__ import annotations

import hashlib
import re
from importlib import import_module
from pathlib import Path

from rolegraph.errors import LoaderError
from rolegraph.model import Extraction

__all__ = ["LOADERS", "SNIFFERS", "MAX_BYTES", "MAX_LINE", "extract", "extract_all", "readable", "supported_suffixes",
           "read_bytes", "read_text", "content_hash"]

#: The largest document rolegraph reads, in bytes (4 MiB). A role article or job ad is a few
#: dozen KB and a saved web page rarely over 2 MB; a larger file is refused before it is read,
#: so a stray log or dump in a folder costs no time or memory.
MAX_BYTES = 4 * 1024 * 1024

#: The longest line of a plain-text or Markdown document, in characters. Such a document is read
#: line by line; a longer line (a pasted dump, a file without line ends) is refused with its number.
MAX_LINE = 100_000

#: The suffixes read line by line, where :data:`MAX_LINE` applies (HTML, JSON and CSV may keep a
#: whole document on one line).
_LINE_SUFFIXES = (".txt", ".text", ".md", ".markdown")

#: file suffix -> "module:function" of the loader (``function(path, text) -> Extraction``, or a
#: list of extractions for formats that hold several roles in one file, such as CSV exports).
LOADERS: dict[str, str] = {
    ".txt": "rolegraph.loaders.text:load",
    ".text": "rolegraph.loaders.text:load",
    ".md": "rolegraph.loaders.text:load",
    ".markdown": "rolegraph.loaders.text:load",
    ".html": "rolegraph.loaders.html:load",
    ".htm": "rolegraph.loaders.html:load",
    ".yaml": "rolegraph.loaders.records:load",
    ".yml": "rolegraph.loaders.records:load",
    ".json": "rolegraph.loaders.records:load",
    ".csv": "rolegraph.loaders.records:load",
}

#: For suffixes that other files share (.json, .yaml, .csv): "module:function" deciding
#: (``function(path, text) -> bool``) whether a file met while walking a folder is a document.
SNIFFERS: dict[str, str] = {
    ".yaml": "rolegraph.loaders.records:looks_like_records",
    ".yml": "rolegraph.loaders.records:looks_like_records",
    ".json": "rolegraph.loaders.records:looks_like_records",
    ".csv": "rolegraph.loaders.records:looks_like_records",
}


def supported_suffixes() -> list[str]:
    """The file suffixes rolegraph can read."""
    return sorted(LOADERS)


def content_hash(data: bytes) -> str:
    """The SHA-256 of a document's bytes, as ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a document, refusing what is not one with :class:`~rolegraph.errors.LoaderError`:
    a missing file, a folder, a FIFO or device (never waited on), a symlink loop, an unreadable
    file, or a file over :data:`MAX_BYTES`.
    """
    import os
    import stat

    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise LoaderError("no such file" if not path.is_symlink() else "broken symbolic link", path=str(path)) from None
    except OSError as exc:
        raise LoaderError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LoaderError("is a folder, not a document", path=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise LoaderError("not a regular file (a pipe, socket or device), not read", path=str(path))
        if info.st_size > MAX_BYTES:
            raise LoaderError(f"{info.st_size} bytes is over the limit of {MAX_BYTES} bytes for one document",
                              path=str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoaderError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # it grew while being read
        raise LoaderError(f"over the limit of {MAX_BYTES} bytes for one document", path=str(path))
    return data


def read_text(path: Path) -> tuple[str, str, bytes]:
    """Read and decode a document: ``(text, encoding, raw bytes)``.

    UTF-8 (with or without BOM) first; then Windows-1250/-1252 style single-byte text is decoded
    with the encoding that fits best, and the encoding is reported. Binary files are refused, and
    so is whatever :func:`read_bytes` refuses. Line ends are normalised to ``\\n``.
    """
    data = read_bytes(path)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte order mark
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise LoaderError("starts as UTF-16 but does not decode as UTF-16", path=str(path)) from None
        return text.replace("\r\n", "\n").replace("\r", "\n"), "utf-16", data
    if b"\x00" in data[:8192]:
        raise LoaderError("binary file (contains NUL bytes), not a text document", path=str(path))
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, data


def _decode_legacy(data: bytes, path: Path) -> tuple[str, str]:
    best = None
    # Windows-1252 (western Europe) first: on a tie it is the likeliest
    for encoding in ("cp1252", "cp1250", "cp1257", "iso-8859-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # control characters, and symbols inside words (Polish "Zarz¹dzanie" read as
        # Windows-1252), mean a worse fit
        score = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t") + text.count("\ufffd")
        score += sum(1 for ch in text if 0x7F <= ord(ch) < 0xA0)
        score += len(_SYMBOL_IN_WORD.findall(text))
        if best is None or score < best[0]:
            best = (score, text, encoding)
    if best is None or best[0] > len(data) // 20:
        raise LoaderError("not text in UTF-8 or a known single-byte encoding", path=str(path))
    return best[1], best[2]


_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[\u00a0-\u00bf\u02c6-\u02dd\u2018-\u203a](?=[^\W\d_])")


def readable(path: str | Path) -> bool:
    """Whether a file met while walking a folder is a document rolegraph reads: a loader takes its
    suffix and, for suffixes other files share (:data:`SNIFFERS`), its content looks like one."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        return False
    spec = SNIFFERS.get(suffix)
    if spec is None:
        return True
    module_name, func_name = spec.split(":")
    try:
        text, _, _ = read_text(path)
    except LoaderError:
        return False
    return bool(getattr(import_module(module_name), func_name)(path, text))


def extract(path: str | Path) -> Extraction:
    """Read one document and return what it says about its role.

    Raises :class:`~rolegraph.errors.LoaderError` naming the file (and line) when the document
    cannot be read or holds nothing usable, or when it holds several roles (a CSV export of
    many roles: read it with :func:`extract_all`).
    """
    found = extract_all(path)
    if len(found) != 1:
        raise LoaderError(f"holds {len(found)} role records; read it with extract_all()", path=str(path))
    return found[0]


def extract_all(path: str | Path) -> list[Extraction]:
    """Read one file and return one extraction per role it describes (one for an article).

    Raises :class:`~rolegraph.errors.LoaderError` as :func:`extract` does.
    """
    path = Path(path)
    spec = LOADERS.get(path.suffix.lower())
    if spec is None:
        raise LoaderError(
            f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(supported_suffixes())}",
            path=str(path),
        )
    module_name, func_name = spec.split(":")
    loader = getattr(import_module(module_name), func_name)
    text, encoding, data = read_text(path)
    if path.suffix.lower() in _LINE_SUFFIXES:
        _check_lines(path, text)
    found = loader(path, text, encoding=encoding, digest=content_hash(data))
    return list(found) if isinstance(found, (list, tuple)) else [found]


def _check_lines(path: Path, text: str) -> None:
    if len(text) <= MAX_LINE:
        return
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            raise LoaderError(f"line of {len(line)} characters is over the limit of {MAX_LINE}", path=str(path), line=number)
