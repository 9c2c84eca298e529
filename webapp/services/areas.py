"""Area cover: letting a member of staff work another area's cases for a while, and ending it.

Every grant and every early end is written to the audit log with its reason, in the same
transaction as the change.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from webapp.audit import log as audit
from webapp.domain import access
from webapp.extensions import db
from webapp.models import Area, AreaCover, User
from webapp.models._types import utcnow
from webapp.domain.formatting import long_date

# Who may be given cover (administrators do not work cases).
COVERABLE_ROLES = ("clerk", "caseworker", "victim_liaison", "supervisor")


class CoverRefused(ValueError):
    """A grant the rules do not allow; the message says why in plain words."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def scopes_from_config(config) -> dict[str, str]:
    return {"supervisor": config.get("SUPERVISOR_CASE_ACCESS", "area"),
            "admin": config.get("ADMIN_CASE_ACCESS", "all")}


def active_covers(now: datetime | None = None, user_id: int | None = None) -> list[AreaCover]:
    now = now or utcnow()
    stmt = select(AreaCover).where(AreaCover.starts_at <= now, AreaCover.expires_at > now,
                                   AreaCover.ended_at.is_(None))
    if user_id is not None:
        stmt = stmt.where(AreaCover.user_id == user_id)
    return list(db.session.scalars(stmt.order_by(AreaCover.expires_at)))


def visible_areas(user, config, now: datetime | None = None) -> access.Visible:
    """The areas whose cases `user` may see today."""
    covered = [c.area_id for c in active_covers(now, user.id)]
    return access.visible_areas(user.role, user.area_id, covered, scopes_from_config(config))


def areas_granter_may_cover(granter, config) -> list[Area]:
    """A supervisor who sees only their own area lends help into that area; one who sees every area
    (and an administrator) into any area."""
    areas = list(db.session.scalars(select(Area).order_by(Area.name)))
    seen = access.visible_areas(granter.role, granter.area_id, (), scopes_from_config(config))
    return [a for a in areas if seen.allows(a.id)]


def grant_cover(*, user: User, area: Area, until: date, reason: str, granted_by: User, config,
                now: datetime | None = None) -> AreaCover:
    now = now or utcnow()
    reason = " ".join((reason or "").split())
    if user.role not in COVERABLE_ROLES or not user.active:
        raise CoverRefused("user_id", "Choose an active member of staff who works cases")
    if area not in areas_granter_may_cover(granted_by, config):
        raise CoverRefused("area_id", "You can only give cover into an area you supervise")
    if user.area_id == area.id:
        raise CoverRefused("area_id", f"{user.full_name} already works in {area.name}")
    expires_at = datetime.combine(until, time.max).replace(microsecond=0)
    if expires_at <= now:
        raise CoverRefused("until", "The last day of cover must be today or in the future")
    if expires_at - now > access.MAX_COVER:
        raise CoverRefused("until", f"Cover can last at most {access.MAX_COVER.days} days: give it again if it is still needed")
    if not reason:
        raise CoverRefused("reason", "Enter why cover is needed")
    cover = AreaCover(user_id=user.id, area_id=area.id, reason=reason[:255], granted_by_id=granted_by.id,
                      starts_at=now, expires_at=expires_at)
    db.session.add(cover)
    db.session.flush()
    audit.record("alter", "area_cover", cover.id,
                 f"{user.username} may work {area.name} cases until {long_date(until)}",
                 justification=reason, user=granted_by)
    return cover


def end_cover(cover: AreaCover, ended_by: User, now: datetime | None = None) -> None:
    cover.ended_at = now or utcnow()
    cover.ended_by_id = ended_by.id
    audit.record("alter", "area_cover", cover.id,
                 f"Cover for {cover.user.username} in {cover.area.name} ended early", user=ended_by)
