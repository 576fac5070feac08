"""File types recognised from their content, never from the name or the client's word.

PDF, JPEG and PNG by their magic numbers; DOCX and XLSX as ZIP containers whose
``[Content_Types].xml`` declares the main part; ODT as a ZIP container whose first entry,
``mimetype``, names the OpenDocument type.
"""

from __future__ import annotations

import enum
import zipfile
from pathlib import Path


class FileType(enum.Enum):
    pdf = ("application/pdf", "pdf")
    docx = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
    xlsx = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    odt = ("application/vnd.oasis.opendocument.text", "odt")
    jpeg = ("image/jpeg", "jpg")
    png = ("image/png", "png")

    @property
    def media_type(self) -> str:
        return self.value[0]

    @property
    def extension(self) -> str:
        return self.value[1]


DOCUMENTS = frozenset({FileType.pdf, FileType.docx, FileType.xlsx, FileType.odt})
IMAGES_AND_PDF = frozenset({FileType.jpeg, FileType.png, FileType.pdf})

_ZIP = b"PK\x03\x04"
_OOXML_MAIN = {
    FileType.docx: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
    FileType.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_MAX_MANIFEST = 1_000_000  # bytes of [Content_Types].xml or mimetype worth reading


def _zip_type(path: Path) -> FileType | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= _MAX_MANIFEST:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype == FileType.odt.media_type:
                        return FileType.odt
                return None
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > _MAX_MANIFEST:
                    return None
                manifest = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for kind, main in _OOXML_MAIN.items():
                    if main in manifest:
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def detect(path: Path) -> FileType | None:
    """The type of the file at ``path``, or None when it is none of the known ones."""
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(b"%PDF-"):
        return FileType.pdf
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.png
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.jpeg
    if head.startswith(_ZIP):
        return _zip_type(path)
    return None
