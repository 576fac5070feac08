"""create_app(settings) -> Litestar: the only place that wires plugins and middleware."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore

import portal
from portal.accounts.api import AuthController
from portal.accounts.pages import AccountPageController
from portal.db.engine import DB
from portal.experts.api import ExpertApiController
from portal.experts.pages import ExpertPageController
from portal.jobs import queue as queue_jobs
from portal.jobs import worker
from portal.matches.api import MatchingApiController
from portal.matches.pages import (
    LedgerPageController,
    MatchingPageController,
    MatchPageController,
)
from portal.messages.api import MessageApiController
from portal.messages.pages import MessagePageController
from portal.needs.api import NeedApiController
from portal.needs.pages import NeedPageController
from portal.notifications import config as mail_config
from portal.notifications.api import NotificationApiController
from portal.notifications.middleware import UnreadCountMiddleware
from portal.notifications.pages import (
    MailOutboxPageController,
    NotificationPageController,
    UnsubscribePageController,
)
from portal.offers.api import OfferApiController, OfferRequestApiController
from portal.offers.api_attachments import OfferAttachmentApiController
from portal.offers.pages import (
    OfferPageController,
    OfferRequestPageController,
    SharingPageController,
)
from portal.offers.pages_attachments import OfferAttachmentPageController
from portal.organisations.api import OrganisationApiController
from portal.organisations.pages import OrganisationPageController
from portal.paths import STATIC_DIR
from portal.procurements.api import ProcurementApiController
from portal.procurements.api_exports import ProcurementExportController
from portal.procurements.api_reference import ProcurementReferenceApiController
from portal.procurements.api_thread import ProcurementThreadApiController
from portal.procurements.pages import ProcurementPageController
from portal.procurements.pages_reference import ProcurementReferencePageController
from portal.procurements.pages_thread import ProcurementThreadPageController
from portal.saved_searches.api import SavedSearchApiController
from portal.saved_searches.pages import SavedSearchPageController
from portal.search import bitmap_index
from portal.settings import Settings, load_settings, secret_key
from portal.statistics.pages import StatisticsPageController
from portal.vocabularies.api import VocabularyApiController
from portal.vocabularies.pages import VocabularyPageController
from portal.web.auth import AuthenticationMiddleware, PortalSessionConfig
from portal.web.csrf import PortalCSRFMiddleware
from portal.web.errors import EXCEPTION_HANDLERS
from portal.web.locale import LocaleMiddleware
from portal.web.pages import HealthController, SitePageController
from portal.web.security import security_headers
from portal.web.templating import template_config

CSRF_COOKIE = "portal_csrf"
SESSION_COOKIE = "portal_session"


def _stores(settings: Settings) -> dict[str, Store]:
    if settings.redis_url:
        root = RedisStore.with_client(url=settings.redis_url)
        return {
            "sessions": root.with_namespace("sessions"),
            "throttle": root.with_namespace("throttle"),
        }
    base = settings.data_dir / "stores"
    for name in ("sessions", "throttle"):
        (base / name).mkdir(parents=True, exist_ok=True)
    return {"sessions": FileStore(base / "sessions"), "throttle": FileStore(base / "throttle")}


def create_app(settings: Settings | None = None, *, manage_pool: bool = True) -> Litestar:
    """Build the app. Tests pass ``manage_pool=False`` and share their own connection."""
    settings = settings or load_settings()
    secret = secret_key(settings)
    mail_config.configure(settings)
    bitmap_index.settings["enabled"] = settings.facet_index

    @asynccontextmanager
    async def database_pool(app: Litestar) -> AsyncIterator[None]:
        if not manage_pool:
            yield
            return
        await DB.start_connection_pool(min_size=1, max_size=10)
        bitmap_index.start_loading_all()
        try:
            async with contextlib.AsyncExitStack() as stack:
                if settings.runs_inprocess_worker:
                    # Mail, digests, reminders, housekeeping and matching runs run on the job queue.
                    queue_jobs.bind(DB.config["dsn"])
                    await stack.enter_async_context(worker.running_inprocess())
                # What start-up built lives as long as the process: keep it out of the
                # collector's full passes, which otherwise stall requests (bench/README.md).
                gc.freeze()
                yield
        finally:
            await DB.close_connection_pool()

    session_config = PortalSessionConfig(
        key=SESSION_COOKIE,
        max_age=12 * 3600,
        secure=settings.production,
        samesite="lax",
        httponly=True,
        store="sessions",
    )
    csrf_config = CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        header_name="x-csrftoken",
        cookie_secure=settings.production,
        cookie_samesite="lax",
        # Unsubscribe links in mails are authorised by their signature (one-click, RFC 8058).
        exclude=["/api/v1/auth/login", "/avregistrera/"],
    )

    templates = template_config()
    app = Litestar(
        route_handlers=[
            SitePageController,
            HealthController,
            AccountPageController,
            AuthController,
            OrganisationPageController,
            OrganisationApiController,
            NeedApiController,
            NeedPageController,
            ExpertApiController,
            ExpertPageController,
            VocabularyApiController,
            OfferApiController,
            OfferRequestApiController,
            OfferAttachmentApiController,
            OfferAttachmentPageController,
            OfferPageController,
            OfferRequestPageController,
            SharingPageController,
            VocabularyPageController,
            ProcurementApiController,
            ProcurementReferenceApiController,
            ProcurementExportController,
            ProcurementPageController,
            ProcurementReferencePageController,
            ProcurementThreadApiController,
            ProcurementThreadPageController,
            MessageApiController,
            MessagePageController,
            MatchingApiController,
            MatchPageController,
            MatchingPageController,
            LedgerPageController,
            StatisticsPageController,
            NotificationApiController,
            NotificationPageController,
            UnsubscribePageController,
            MailOutboxPageController,
            SavedSearchApiController,
            SavedSearchPageController,
            create_static_files_router(path="/static", directories=[STATIC_DIR], name="static"),
        ],
        middleware=[
            session_config.middleware,
            AuthenticationMiddleware(),
            UnreadCountMiddleware(),
            LocaleMiddleware(),
            DefineMiddleware(PortalCSRFMiddleware, config=csrf_config),
        ],
        before_send=[security_headers(hsts=settings.production)],
        stores=_stores(settings),
        template_config=templates,
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="Samverkansportalen API",
            version=portal.__version__,
            description=(
                "Joint procurements, cataloguing expertise and resource sharing between the "
                "public libraries of a Swedish region. Authenticate with the session cookie "
                "from `POST /api/v1/auth/login` (unsafe requests then need the `X-CSRFToken` "
                "header) or with a personal token as `Authorization: Bearer ...`."
            ),
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer"),
                    "session": SecurityScheme(
                        type="apiKey", name=SESSION_COOKIE, security_scheme_in="cookie"
                    ),
                }
            ),
            security=[{"bearer": []}, {"session": []}],
        ),
        request_max_body_size=settings.max_body_bytes,
        lifespan=[database_pool],
        debug=False,
        logging_config=None,
    )
    app.state.settings = settings
    app.state.csrf_config = csrf_config
    logging.getLogger("portal").setLevel(logging.INFO)
    return app
