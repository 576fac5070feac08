"""Pictures and documents of an offer: round trip, content checks, limits and permissions."""

from __future__ import annotations

from portal.audit.tables import AuditEvent
from portal.files import storage
from portal.offers.attachments import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from portal.offers.tables import OfferAttachment
from tests.factories import csrf_headers, csrf_token, make_offer, make_user, sign_in

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _leftovers(settings) -> list[str]:
    folder = storage.files_root(settings.data_dir) / "offers"
    return sorted(p.name for p in folder.glob(".upload-*")) if folder.exists() else []


async def test_upload_round_trip_and_visitors_download_published_offers(client, settings):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner)
    await sign_in(client, owner)
    url = f"/api/v1/offers/{offer.id}/attachments"
    response = await client.post(
        url,
        # The name says PDF; the content is a PNG, and that is what counts.
        files={"file": ("hylla.pdf", PNG, "application/pdf")},
        headers=await csrf_headers(client),
    )
    assert response.status_code == 201, response.text
    attachment = response.json()
    assert attachment["content_type"] == "image/png"
    assert attachment["filename"] == "hylla.png"
    assert attachment["size"] == len(PNG)

    shown = (await client.get(f"/api/v1/offers/{offer.id}")).json()
    assert [a["id"] for a in shown["attachments"]] == [attachment["id"]]

    client.cookies.clear()
    downloaded = await client.get(f"{url}/{attachment['id']}")
    assert downloaded.status_code == 200
    assert downloaded.content == PNG
    assert downloaded.headers["content-type"].startswith("image/png")
    assert "attachment" in downloaded.headers["content-disposition"]


async def test_draft_offers_attachments_are_hidden_from_others(client):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner, status="draft")
    await sign_in(client, owner)
    url = f"/api/v1/offers/{offer.id}/attachments"
    created = await client.post(
        url, files={"file": ("a.pdf", PDF, "application/pdf")}, headers=await csrf_headers(client)
    )
    assert created.status_code == 201, created.text
    assert (await client.get(f"{url}/{created.json()['id']}")).status_code == 200
    other = await make_user(organisation="0138")
    await sign_in(client, other)
    assert (await client.get(f"{url}/{created.json()['id']}")).status_code == 404


async def test_wrong_content_and_too_large_files_are_refused_leaving_nothing(client, settings):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner)
    await sign_in(client, owner)
    url = f"/api/v1/offers/{offer.id}/attachments"
    fake = await client.post(
        url,
        files={"file": ("bild.jpg", b"MZ\x90\x00 not a picture", "image/jpeg")},
        headers=await csrf_headers(client),
    )
    assert fake.status_code == 422
    assert "file" in fake.json()["extra"]["fields"]
    big = await client.post(
        url,
        files={"file": ("big.pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES, "application/pdf")},
        headers=await csrf_headers(client),
    )
    assert big.status_code in (413, 422)
    assert not await OfferAttachment.exists().where(OfferAttachment.offer == offer.id)
    assert _leftovers(settings) == []


async def test_at_most_five_attachments(client):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner)
    await sign_in(client, owner)
    url = f"/api/v1/offers/{offer.id}/attachments"
    headers = await csrf_headers(client)
    for n in range(MAX_ATTACHMENTS):
        response = await client.post(
            url, files={"file": (f"{n}.jpg", JPEG, "image/jpeg")}, headers=headers
        )
        assert response.status_code == 201, response.text
    sixth = await client.post(url, files={"file": ("6.jpg", JPEG, "image/jpeg")}, headers=headers)
    assert sixth.status_code == 409
    assert "högst 5" in sixth.json()["detail"]
    assert await OfferAttachment.count().where(OfferAttachment.offer == offer.id) == 5


async def test_another_municipality_cannot_attach_or_remove(client, settings):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner)
    await sign_in(client, owner)
    url = f"/api/v1/offers/{offer.id}/attachments"
    created = (
        await client.post(
            url, files={"file": ("a.png", PNG, "image/png")}, headers=await csrf_headers(client)
        )
    ).json()
    await sign_in(client, await make_user(organisation="0138"))
    headers = await csrf_headers(client)
    refused = await client.post(url, files={"file": ("b.png", PNG, "image/png")}, headers=headers)
    assert refused.status_code == 403
    removed = await client.delete(f"{url}/{created['id']}", headers=headers)
    assert removed.status_code == 403
    assert await OfferAttachment.count().where(OfferAttachment.offer == offer.id) == 1
    assert _leftovers(settings) == []


async def test_attachments_on_the_page_upload_and_delete_with_confirmation(client, settings):
    owner = await make_user(organisation="0182")
    offer = await make_offer(owner, title="Bokhylla på hjul")
    await sign_in(client, owner)
    token = await csrf_token(client)
    response = await client.post(
        f"/erbjudanden/{offer.id}/bilagor",
        data={"_csrf_token": token},
        files={"file": ("Hyllan.jpg", JPEG, "image/jpeg")},
    )
    assert response.status_code == 303, response.text
    page = await client.get(f"/erbjudanden/{offer.id}")
    assert "Bilagan Hyllan.jpg är uppladdad." in page.text
    row = await OfferAttachment.select().where(OfferAttachment.offer == offer.id).first()
    confirm = await client.get(f"/erbjudanden/{offer.id}/bilagor/{row['id']}/ta-bort")
    assert "Ta bort bilagan Hyllan.jpg?" in confirm.text
    deleted = await client.post(
        f"/erbjudanden/{offer.id}/bilagor/{row['id']}/ta-bort", data={"_csrf_token": token}
    )
    assert deleted.status_code == 303
    assert not await OfferAttachment.exists().where(OfferAttachment.id == row["id"])
    assert not (storage.files_root(settings.data_dir) / row["storage_key"]).exists()
    actions = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.entity_id == str(offer.id), AuditEvent.action.like("offer.attachment.%")
    )
    assert [a["action"] for a in actions] == ["offer.attachment.upload", "offer.attachment.delete"]
