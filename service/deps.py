"""Typed FastAPI dependencies: settings, the pool, the components, the caller's identity."""
from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends, Query, Request
from psycopg_pool import ConnectionPool

from service.identity import Principal, authenticate
from service.problems import Problem
from service.settings import Settings


# Offsets and sequence numbers become PostgreSQL bigint parameters: beyond that range, a 422 rather
# than a database error.
RowNumber = Annotated[int, Query(ge=0, le=2**63 - 1)]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_pool(request: Request) -> ConnectionPool:
    return request.app.state.pool


def get_components(request: Request):
    return request.app.state.components()


def _presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-key")


def current_principal(request: Request, pool: Annotated[ConnectionPool, Depends(get_pool)]) -> Principal:
    key = _presented_key(request)
    if not key:
        raise Problem(401, "unauthenticated", "An API key is required", headers={"WWW-Authenticate": "Bearer"})
    with pool.connection() as conn:
        principal = authenticate(conn, key)
    if principal is None:
        raise Problem(401, "unauthenticated", "The API key is invalid or revoked", headers={"WWW-Authenticate": "Bearer"})
    return principal


def require(*roles: str) -> Callable[..., Principal]:
    allowed = set(roles) | {"admin"}

    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in allowed:
            raise Problem(403, "forbidden", "Your role may not do this", required_roles=sorted(allowed))
        return principal

    return check


SettingsDep = Annotated[Settings, Depends(get_settings)]
PoolDep = Annotated[ConnectionPool, Depends(get_pool)]
