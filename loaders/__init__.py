"""Loaders: documents in, :class:`~rolegraph.model.Extraction` out.

One module per input format, registered here by file suffix; a new format is one new module and
one line in :data:`LOADERS`. Modules are imported only when a file of their kind is read.

>>> LOADERS['.md']
'rolegraph.loaders.text:load'
"""

from __future__ import annotations

import hashlib
from importlib import import_module
from pathlib import Path

from rolegraph.errors import LoaderError
from rolegraph.model import Extraction

__all__ = ["LOADERS", "extract", "supported_suffixes", "read_text", "content_hash"]

#: file suffix -> "module:function" of the loader (``function(path, text) -> Extraction``).
LOADERS: dict[str, str] = {
    ".txt": "rolegraph.loaders.text:load",
    ".text": "rolegraph.loaders.text:load",
    ".md": "rolegraph.loaders.text:load",
    ".markdown": "rolegraph.loaders.text:load",
    ".html": "rolegraph.loaders.html:load",
    ".htm": "rolegraph.loaders.html:load",
}


def supported_suffixes() -> list[str]:
    """The file suffixes rolegraph can read."""
    return sorted(LOADERS)


def content_hash(data: bytes) -> str:
    """The SHA-256 of a document's bytes, as ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def read_text(path: Path) -> tuple[str, str, bytes]:
    """Read and decode a document: ``(text, encoding, raw bytes)``.

    UTF-8 (with or without BOM) first; then Windows-1250/-1252 style single-byte text is decoded
    with the encoding that fits best, and the encoding is reported. Binary files are refused.
    Line ends are normalised to ``\\n``.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoaderError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    if b"\x00" in data[:8192]:
        raise LoaderError("binary file (contains NUL bytes), not a text document", path=str(path))
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, data


def _decode_legacy(data: bytes, path: Path) -> tuple[str, str]:
    best = None
    for encoding in ("cp1250", "cp1252", "cp1257", "iso-8859-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # fewer C1 control and replacement-like characters means a better fit
        score = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t") + text.count("\ufffd")
        if best is None or score < best[0]:
            best = (score, text, encoding)
    if best is None or best[0] > len(data) // 20:
        raise LoaderError("not text in UTF-8 or a known single-byte encoding", path=str(path))
    return best[1], best[2]


def extract(path: str | Path) -> Extraction:
    """Read one document and return what it says about its role.

    Raises :class:`~rolegraph.errors.LoaderError` naming the file (and line) when the document
    cannot be read or holds nothing usable.
    """
    path = Path(path)
    if not path.is_file():
        raise LoaderError("no such file", path=str(path))
    spec = LOADERS.get(path.suffix.lower())
    if spec is None:
        raise LoaderError(
            f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(supported_suffixes())}",
            path=str(path),
        )
    module_name, func_name = spec.split(":")
    loader = getattr(import_module(module_name), func_name)
    text, encoding, data = read_text(path)
    return loader(path, text, encoding=encoding, digest=content_hash(data))
