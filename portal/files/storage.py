"""Store uploads under ``<data dir>/files/<namespace>/``: streamed to a temporary file in
the same directory, checked, then renamed into place, so a failed or refused upload never
leaves a partial file behind."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import msgspec

from portal.errors import Invalid, NotFound
from portal.files.types import FileType, detect
from portal.i18n import gettext as _

CHUNK = 64 * 1024
_KEY = re.compile(r"^[a-z0-9_-]+/[0-9a-f]{32}\.[a-z]{3,4}$")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class Readable(Protocol):
    """What an upload offers (Litestar's UploadFile does): ``await read(n)``."""

    async def read(self, size: int = -1) -> bytes: ...


class StoredFile(msgspec.Struct, frozen=True):
    key: str
    media_type: str
    extension: str
    size_bytes: int
    sha256: str


def files_root(data_dir: Path) -> Path:
    return data_dir / "files"


def safe_filename(name: str | None, extension: str) -> str:
    """A display name without paths or control characters, ending in the detected type."""
    base = _UNSAFE.sub("_", Path(name or "").name).strip(" ._") or "dokument"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:150]}.{extension}"


def _refuse(message: str) -> Invalid:
    return Invalid(message, fields={"file": message})


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


async def save(
    source: Readable,
    *,
    root: Path,
    namespace: str,
    allowed: Iterable[FileType],
    max_bytes: int,
) -> StoredFile:
    """Stream ``source`` to disk; refuse it (Invalid on ``file``) when it is empty, larger
    than ``max_bytes``, or not one of the ``allowed`` types judged by its content."""
    allowed = frozenset(allowed)
    folder = root / namespace
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    path = Path(temporary)
    try:
        with os.fdopen(fd, "wb") as handle:
            while chunk := await source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise _refuse(
                        _(
                            "Filen är för stor. Största tillåtna storlek är %(mb)s MB.",
                            mb=_human(max_bytes),
                        )
                    )
                digest.update(chunk)
                handle.write(chunk)
        if size == 0:
            raise _refuse(_("Filen är tom."))
        kind = detect(path)
        if kind not in allowed:
            names = ", ".join(sorted(t.extension.upper() for t in allowed))
            raise _refuse(_("Filtypen stöds inte. Tillåtna typer: %(types)s.", types=names))
        key = f"{namespace}/{secrets.token_hex(16)}.{kind.extension}"
        os.replace(path, root / key)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        raise
    return StoredFile(
        key=key,
        media_type=kind.media_type,
        extension=kind.extension,
        size_bytes=size,
        sha256=digest.hexdigest(),
    )


def path_of(root: Path, key: str) -> Path:
    """Where a stored file is; NotFound for keys this module did not make, or lost files."""
    if not _KEY.match(key):
        raise NotFound(_("Filen finns inte."))
    path = root / key
    if not path.is_file():
        raise NotFound(_("Filen finns inte."))
    return path


def remove(root: Path, key: str) -> None:
    if _KEY.match(key):
        with contextlib.suppress(FileNotFoundError):
            (root / key).unlink()
