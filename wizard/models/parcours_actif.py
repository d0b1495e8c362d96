"""The parcours version every instance must serve: one row, bumped by each reload."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base
from wizard.models.suggestion import utcnow


class ParcoursActif(Base):
    """The active parcours: a reload number the instances compare with theirs, and the files' hash."""

    __tablename__ = "parcours_actif"

    id: Mapped[int] = mapped_column(primary_key=True)
    numero: Mapped[int] = mapped_column(Integer, default=0)
    # SHA-256 of parcours/*.yaml and data/taxonomie.yaml as compiled by the instance that asked the reload.
    empreinte: Mapped[str] = mapped_column(String(64))
    recharge_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recharge_par: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<ParcoursActif n°{self.numero} {self.empreinte[:8]}>"
