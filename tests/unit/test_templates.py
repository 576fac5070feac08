"""Every template compiles, so a broken one fails even when no other test opens its page."""

from __future__ import annotations

import pytest

from portal.paths import TEMPLATES_DIR
from portal.web.templating import template_config

TEMPLATES = sorted(str(p.relative_to(TEMPLATES_DIR)) for p in TEMPLATES_DIR.rglob("*.html"))


@pytest.fixture(scope="module")
def environment():
    """The portal's own Jinja environment, with its filters, globals and i18n."""
    return template_config().to_engine().engine


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_compiles(environment, name):
    environment.get_template(name)


def test_every_form_that_posts_carries_the_csrf_field():
    for name in TEMPLATES:
        text = (TEMPLATES_DIR / name).read_text()
        for form in text.split("<form")[1:]:
            head, _, body = form.partition(">")
            if 'method="post"' in head:
                assert "csrf_input" in body.split("</form>")[0], f"{name}: POST form without CSRF"
