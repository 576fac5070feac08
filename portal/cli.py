"""The ``portal`` command: serve, db migrate, seed, user add, user set-password."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import warnings
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import click

from portal.accounts.roles import Role
from portal.db import embedded
from portal.db.migrate import migrate
from portal.db.setup import connect
from portal.errors import DomainError
from portal.settings import Settings, SettingsError, load_settings

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        click.echo(f"portal: {error}", err=True)
        sys.exit(2)


def _run(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Connect to the database, run ``work``, and stop the embedded server afterwards."""
    try:
        connect(settings)
        return asyncio.run(work())
    except DomainError as error:
        click.echo(f"portal: {error.message}", err=True)
        sys.exit(1)
    finally:
        embedded.stop_all()


@click.group(help="Samverkansportalen: cooperation between a region's public libraries.")
def main() -> None:
    # platformdirs (under pgserver) warns when XDG_RUNTIME_DIR is unset; it works without it.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pgserver").setLevel(logging.WARNING)


@main.command(help="Migrate the database and serve the portal.")
@click.option("--host", default=None, help="Overrides PORTAL_HOST.")
@click.option("--port", type=int, default=None, help="Overrides PORTAL_PORT.")
def serve(host: str | None, port: int | None) -> None:
    import msgspec
    import uvicorn

    from portal.app import create_app

    # The options override the settings themselves, so links the portal writes to itself
    # (in mails, say) name the address it really serves on when PORTAL_BASE_URL is unset.
    settings = msgspec.structs.replace(
        _settings(), **({"host": host} if host else {}), **({"port": port} if port else {})
    )
    try:
        connect(settings)
        asyncio.run(migrate())
        app = create_app(settings)
        bind_host, bind_port = settings.host, settings.port
        click.echo(f"Samverkansportalen: http://{bind_host}:{bind_port}/")
        # Turn SIGTERM into a normal exit so the embedded server is stopped below (uvicorn
        # re-raises the signal after its own shutdown, which would skip the clean-up).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        uvicorn.run(app, host=bind_host, port=bind_port, proxy_headers=True, log_level="info")
    finally:
        embedded.stop_all()


@main.group(help="Database commands.")
def db() -> None:
    pass


@db.command("migrate", help="Apply all pending migrations.")
def db_migrate() -> None:
    _run(_settings(), migrate)
    click.echo("Migrations applied.")


@main.command(help="Run the routine upkeep once (expire offers past their last day).")
def housekeeping() -> None:
    from portal import housekeeping as upkeep

    done = _run(_settings(), upkeep.run_once)
    for name, count in done.items():
        click.echo(f"{name}: {count}")


@main.command(help="Run a job-queue worker: mail, digests, reminders, housekeeping.")
@click.option("--concurrency", default=2, show_default=True, help="Jobs run at once.")
@click.option("--name", default=None, help="Shown in the logs (default: host and process).")
def worker(concurrency: int, name: str | None) -> None:
    import os
    import socket

    from portal.db.engine import DB
    from portal.jobs import queue as queue_jobs
    from portal.jobs import worker as queue_worker
    from portal.notifications import config as mail_config

    settings = _settings()
    mail_config.configure(settings)

    async def work() -> None:
        await migrate()
        await DB.start_connection_pool(min_size=1, max_size=concurrency + 2)
        queue_jobs.bind(DB.config["dsn"], max_size=concurrency + 2)
        try:
            await queue_worker.run(
                name=name or f"{socket.gethostname()}-{os.getpid()}", concurrency=concurrency
            )
        finally:
            await DB.close_connection_pool()

    click.echo("Samverkansportalen: worker started; Ctrl+C stops it.")
    _run(settings, work)


@main.group(help="Matching.")
def match() -> None:
    pass


@match.command("run", help="Match every open need of a county now and print the outcome.")
@click.option("--county", default="01", show_default=True, help="County code.")
@click.option(
    "--horizon",
    type=click.IntRange(1, 52),
    default=4,
    show_default=True,
    help="Weeks of experts' capacity to count.",
)
def match_run(county: str, horizon: int) -> None:
    from portal.errors import Conflict
    from portal.matches import runs
    from portal.matches.schemas import RunCreate

    async def work() -> dict[str, Any]:
        run_id = await runs.create_run(county, RunCreate(horizon_weeks=horizon))
        await runs.execute_run(run_id)
        return {"id": run_id, **await runs.run_summary(run_id)}

    try:
        outcome = _run(_settings(), work)
    except Conflict as error:
        raise click.ClickException(error.message) from error
    if outcome["status"] != "done":
        raise click.ClickException(f"run {outcome['id']} failed: {outcome['error']}")
    click.echo(
        f"run {outcome['id']}: {len(outcome['assignments'])} assignments, "
        f"total score {outcome['total_score']:.2f}, gap {outcome['gap']:.2e}, "
        f"optimal {'yes' if outcome['optimal'] else 'no'}"
    )


@main.command(help="Seed reference data (idempotent); --demo adds demo data.")
@click.option("--demo", is_flag=True, help="Also seed demo libraries and users.")
def seed(demo: bool) -> None:
    from portal.seeding.demo import DEMO_PASSWORD, seed_demo
    from portal.seeding.reference import seed_reference

    settings = _settings()
    if demo and settings.production:
        click.echo("portal: demo data is never created when PORTAL_ENV=production", err=True)
        sys.exit(2)

    async def work() -> Any:
        await migrate()
        return await (seed_demo() if demo else seed_reference())

    result = _run(settings, work)
    click.echo("Reference data seeded.")
    if demo:
        from portal.seeding.demo import DEMO_USERS

        click.echo(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            click.echo(f"  {user.email:<40} {user.what}")
        if not result:
            click.echo("(the demo users already existed)")


@main.group(help="User accounts.")
def user() -> None:
    pass


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        click.echo("portal: empty password", err=True)
        sys.exit(2)
    return password


@user.command("add", help="Create a user account.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--org", "organisation", required=True, help="Organisation code, e.g. 0180.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([role.value for role in Role]),
    help="May be given several times.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_add(
    email: str, name: str, organisation: str, roles: tuple[str, ...], password_stdin: bool
) -> None:
    from portal.accounts import services as accounts

    settings = _settings()
    password = _read_password(password_stdin)

    async def work() -> Any:
        return await accounts.create_user(
            email=email,
            name=name,
            organisation_code=organisation,
            roles=[Role(role) for role in roles],
            password=password,
        )

    created = _run(settings, work)
    click.echo(f"Created user {created.email} ({', '.join(created.roles)}) at {organisation}.")


@user.command("set-password", help="Set a user's password.")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_set_password(email: str, password_stdin: bool) -> None:
    from portal.accounts import services as accounts

    settings = _settings()
    password = _read_password(password_stdin)
    _run(settings, lambda: accounts.set_password(email, password))
    click.echo(f"Password set for {email}.")


if __name__ == "__main__":  # pragma: no cover
    main()
