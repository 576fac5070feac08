"""JSON API for signing in, the current user and personal API tokens."""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, post
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from portal.accounts import services
from portal.accounts.schemas import (
    CurrentUser,
    LoginRequest,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserRead,
)
from portal.errors import NotAuthenticated
from portal.web import throttle
from portal.web.auth import SESSION_USER_KEY, rotate_session_id
from portal.web.csrf import fresh_csrf_cookie
from portal.web.guards import requires_user
from portal.web.openapi import responses


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/login",
        status_code=200,
        summary="Sign in and receive a session cookie",
        responses=responses(401, 422, 429),
        exclude_from_csrf=True,
    )
    async def login(self, request: Request, data: JSONBody[LoginRequest]) -> Response[UserRead]:
        await throttle.check(request)
        try:
            user = await services.authenticate(data.email, data.password)
        except NotAuthenticated:
            await throttle.record_failure(request)
            raise
        await throttle.reset(request)
        rotate_session_id(request.scope)
        request.set_session({SESSION_USER_KEY: user.id})
        body = await services.get_user(user.id)
        fresh = fresh_csrf_cookie(request)
        if fresh is None:
            return Response(body)
        token, cookie = fresh
        return Response(body, cookies=[cookie], headers={"x-csrftoken": token})

    @post("/logout", status_code=HTTP_204_NO_CONTENT, summary="Sign out", responses=responses(403))
    async def logout(self, request: Request) -> None:
        request.clear_session()

    @get("/me", summary="The signed-in user", guards=[requires_user], responses=responses(401))
    async def me(self, request: Request) -> UserRead:
        user: CurrentUser = request.user
        return await services.get_user(user.id)

    @post(
        "/tokens",
        status_code=HTTP_201_CREATED,
        summary="Create a personal API token (shown once)",
        guards=[requires_user],
        responses=responses(401, 403, 422),
    )
    async def create_token(self, request: Request, data: JSONBody[TokenCreate]) -> TokenCreated:
        return await services.create_token(request.user, data.name)

    @get("/tokens", summary="My API tokens", guards=[requires_user], responses=responses(401))
    async def list_tokens(self, request: Request) -> list[TokenRead]:
        return await services.list_tokens(request.user)

    @delete(
        "/tokens/{token_id:int}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Revoke an API token",
        guards=[requires_user],
        responses=responses(401, 403, 404),
        raises=[NotAuthorizedException, NotFoundException],
    )
    async def revoke_token(self, request: Request, token_id: FromPath[int]) -> None:
        await services.revoke_token(request.user, token_id)
