"""Documents (type checked by content, size-limited, stored without partial files, served
through a permission check) and the question-and-answer thread."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.errors import Invalid
from portal.files import storage
from portal.files.types import DOCUMENTS, IMAGES_AND_PDF, FileType, detect
from portal.procurements.documents import MAX_DOCUMENT_BYTES
from portal.procurements.tables import ProcurementComment, ProcurementDocument
from tests.factories import csrf_headers, csrf_token, make_user, sign_in
from tests.procurements.factories import make_coordinator, make_procurement

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            "/></Types>",
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    return buffer.getvalue()


class Chunks:
    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, FileType.pdf),
        (PNG, FileType.png),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, FileType.jpeg),
        (docx(), FileType.docx),
        (xlsx(), FileType.xlsx),
        (odt(), FileType.odt),
        (plain_zip(), None),
        (b"MZ\x90\x00 this is a program", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_types_are_told_by_content(tmp_path: Path, data: bytes, expected) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    assert detect(path) is expected


async def test_storage_refuses_wrong_types_and_big_files_leaving_nothing(tmp_path: Path):
    with pytest.raises(Invalid) as wrong:
        await storage.save(
            Chunks(PNG), root=tmp_path, namespace="x", allowed=DOCUMENTS, max_bytes=1000
        )
    assert "file" in wrong.value.fields
    with pytest.raises(Invalid):
        await storage.save(
            Chunks(PDF * 100), root=tmp_path, namespace="x", allowed=DOCUMENTS, max_bytes=1000
        )
    with pytest.raises(Invalid):
        await storage.save(
            Chunks(b""), root=tmp_path, namespace="x", allowed=DOCUMENTS, max_bytes=1000
        )
    assert list((tmp_path / "x").iterdir()) == []
    # Another feature passes its own list of types.
    stored = await storage.save(
        Chunks(PNG), root=tmp_path, namespace="offers", allowed=IMAGES_AND_PDF, max_bytes=1000
    )
    assert stored.media_type == "image/png"
    assert storage.path_of(tmp_path, stored.key).read_bytes() == PNG
    with pytest.raises(Exception, match="finns inte"):
        storage.path_of(tmp_path, "../../etc/passwd")


def test_safe_filename() -> None:
    assert storage.safe_filename("../../Förfrågningsunderlag v2.PDF", "pdf") == (
        "Förfrågningsunderlag v2.pdf"
    )
    assert storage.safe_filename("evil.exe", "docx") == "evil.docx"
    assert storage.safe_filename("", "odt") == "dokument.odt"


async def test_coordinator_uploads_and_signed_in_users_download(client, settings):
    coordinator = await make_coordinator()
    procurement = await make_procurement(coordinator)
    await sign_in(client, coordinator)
    url = f"/api/v1/procurements/{procurement.id}/documents"
    content = docx()  # once: the zip records the time, so two calls may differ
    response = await client.post(
        url,
        files={"file": ("Kravspecifikation.docx", content, "application/pdf")},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["content_type"] == FileType.docx.media_type
    assert document["filename"] == "Kravspecifikation.docx"
    row = await ProcurementDocument.select().where(ProcurementDocument.id == document["id"])
    assert (storage.files_root(settings.data_dir) / row[0]["storage_key"]).is_file()

    fake = await client.post(
        url,
        files={"file": ("virus.pdf", b"MZ\x90\x00 program", "application/pdf")},
        headers=await csrf_headers(client),
    )
    assert fake.status_code == 422
    assert "file" in fake.json()["extra"]["fields"]

    member = await make_user(organisation="0184")
    await sign_in(client, member)
    listed = (await client.get(url)).json()
    assert [d["filename"] for d in listed] == ["Kravspecifikation.docx"]
    downloaded = await client.get(f"{url}/{document['id']}")
    assert downloaded.status_code == 200
    assert downloaded.content == content
    assert "attachment" in downloaded.headers["content-disposition"]
    refused = await client.post(
        url,
        files={"file": ("a.pdf", PDF, "application/pdf")},
        headers=await csrf_headers(client),
    )
    assert refused.status_code == 403

    client.cookies.clear()
    assert (await client.get(f"{url}/{document['id']}")).status_code == 401
    assert (await client.get(url)).json()[0]["uploaded_by"] is None


async def test_too_large_uploads_are_refused(client):
    coordinator = await make_coordinator()
    procurement = await make_procurement(coordinator)
    await sign_in(client, coordinator)
    response = await client.post(
        f"/api/v1/procurements/{procurement.id}/documents",
        files={"file": ("big.pdf", PDF + b"0" * (MAX_DOCUMENT_BYTES + 1), "application/pdf")},
        headers=await csrf_headers(client),
    )
    assert response.status_code in (413, 422)
    assert not await ProcurementDocument.exists().where(
        ProcurementDocument.procurement == procurement.id
    )


async def test_documents_on_the_page_upload_and_delete_with_confirmation(client, settings):
    coordinator = await make_coordinator()
    procurement = await make_procurement(coordinator)
    await sign_in(client, coordinator)
    token = await csrf_token(client)
    response = await client.post(
        f"/upphandlingar/{procurement.id}/dokument",
        data={"_csrf_token": token},
        files={"file": ("Underlag.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 303, response.text
    page = await client.get(f"/upphandlingar/{procurement.id}")
    assert "Dokumentet Underlag.pdf är uppladdat." in page.text
    document = (
        await ProcurementDocument.select()
        .where(ProcurementDocument.procurement == procurement.id)
        .first()
    )
    confirm = await client.get(f"/upphandlingar/{procurement.id}/dokument/{document['id']}/ta-bort")
    assert "Ta bort dokumentet Underlag.pdf?" in confirm.text
    deleted = await client.post(
        f"/upphandlingar/{procurement.id}/dokument/{document['id']}/ta-bort",
        data={"_csrf_token": token},
    )
    assert deleted.status_code == 303
    assert not await ProcurementDocument.exists().where(ProcurementDocument.id == document["id"])
    assert not (storage.files_root(settings.data_dir) / document["storage_key"]).exists()
    actions = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.entity_id == str(procurement.id),
        AuditEvent.action.like("procurement.document.%"),
    )
    assert [a["action"] for a in actions] == [
        "procurement.document.upload",
        "procurement.document.delete",
    ]


async def test_questions_and_answers(client):
    coordinator = await make_coordinator()
    procurement = await make_procurement(coordinator)
    member = await make_user(organisation="0184", name="Sara Solna")
    await sign_in(client, member)
    url = f"/api/v1/procurements/{procurement.id}/comments"
    asked = await client.post(
        url, json={"body": "Ingår ljudböcker?"}, headers=await csrf_headers(client)
    )
    assert asked.status_code == 201, asked.text
    question = asked.json()
    assert question["organisation"] == "Solna kommun"

    await sign_in(client, coordinator)
    answer = await client.post(
        url,
        json={"body": "Ja, i delområde 1.", "reply_to": question["id"]},
        headers=await csrf_headers(client),
    )
    assert answer.status_code == 201
    nested = await client.post(
        url,
        json={"body": "Svar på svar", "reply_to": answer.json()["id"]},
        headers=await csrf_headers(client),
    )
    assert nested.status_code == 422
    thread = (await client.get(url)).json()
    assert [q["body"] for q in thread] == ["Ingår ljudböcker?"]
    assert [a["body"] for a in thread[0]["replies"]] == ["Ja, i delområde 1."]

    page = await client.get(f"/upphandlingar/{procurement.id}")
    assert "Ingår ljudböcker?" in page.text and "Ja, i delområde 1." in page.text
    confirm = await client.get(f"/upphandlingar/{procurement.id}/fragor/{question['id']}/ta-bort")
    assert "Ta bort inlägget av Sara Solna?" in confirm.text
    removed = await client.post(
        f"/upphandlingar/{procurement.id}/fragor/{question['id']}/ta-bort",
        data={"_csrf_token": await csrf_token(client)},
    )
    assert removed.status_code == 303
    assert (
        await ProcurementComment.count().where(ProcurementComment.procurement == procurement.id)
        == 0
    )

    await sign_in(client, member)
    assert (
        await client.delete(f"{url}/{answer.json()['id']}", headers=await csrf_headers(client))
    ).status_code in (403, 404)
    client.cookies.clear()
    assert (await client.get(url)).status_code == 401


async def test_members_post_questions_with_the_page_form(client):
    procurement = await make_procurement()
    await sign_in(client, await make_user(organisation="0183"))
    response = await client.post(
        f"/upphandlingar/{procurement.id}/fragor",
        data={"body": "När kommer underlaget?", "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303
    page = await client.get(f"/upphandlingar/{procurement.id}")
    assert "Inlägget är publicerat." in page.text
    assert "När kommer underlaget?" in page.text
    assert "Ta bort inlägget" not in page.text


async def test_users_of_another_county_cannot_post(client):
    from portal.organisations.tables import Organisation

    await Organisation(
        code="03", name="Region Uppsala", kind="region", county_code="03", municipality_code=None
    ).save()
    procurement = await make_procurement()
    await sign_in(client, await make_user(organisation="03", roles=(Role.member,)))
    response = await client.post(
        f"/api/v1/procurements/{procurement.id}/comments",
        json={"body": "Hej"},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 403
