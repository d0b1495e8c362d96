"""Back-office accounts: DDT curators (admin) and partners' editors (editeur), and invitations."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import Base
from wizard.models.structure import Structure
from wizard.models.suggestion import utcnow

ROLES = ("admin", "editeur")
ROLE_LABELS = {"admin": "Administrateur (DDT)", "editeur": "Éditeur d'une ou plusieurs structures"}

#: Which structures an editor may edit (admins edit everything and need no row here).
utilisateur_structure = Table(
    "utilisateur_structure", Base.metadata,
    Column("utilisateur_id", ForeignKey("utilisateur.id", ondelete="CASCADE"), primary_key=True),
    Column("structure_id", ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True),
)


class Utilisateur(Base):
    """A back-office account; the password is only ever stored hashed."""

    __tablename__ = "utilisateur"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    nom: Mapped[str | None] = mapped_column(String(200))
    mot_de_passe: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="editeur")
    actif: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped at logout and on password change: sessions opened with an older value are refused.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    derniere_connexion: Mapped[dt.datetime | None] = mapped_column(DateTime)

    structures: Mapped[list[Structure]] = relationship(secondary=utilisateur_structure, order_by="Structure.nom")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can_edit(self, structure: Structure) -> bool:
        """Admins edit every structure; an editor only those linked to the account."""
        return self.is_admin or any(s.id == structure.id for s in self.structures)

    def __repr__(self) -> str:
        return f"<Utilisateur {self.email} {self.role}>"


class Invitation(Base):
    """A single-use link for a new account; only the token's hash is stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="editeur")
    # Structure slugs (stable public identifiers) the new editor will be given.
    structures: Mapped[list[str]] = mapped_column(JSON, default=list)
    cree_par: Mapped[str | None] = mapped_column(String(200))
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expire_le: Mapped[dt.datetime] = mapped_column(DateTime)
    utilisee_le: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def is_usable(self, now: dt.datetime) -> bool:
        return self.utilisee_le is None and now < self.expire_le

    def __repr__(self) -> str:
        return f"<Invitation {self.email} expire {self.expire_le:%Y-%m-%d}>"


class TentativeConnexion(Base):
    """Failed logins for one e-mail address (hashed, account or not) and the wait they impose.

    Times are epoch seconds so that the wait is set by the same UPDATE on SQLite and PostgreSQL.
    """

    __tablename__ = "tentative_connexion"

    cle: Mapped[str] = mapped_column(String(64), primary_key=True)
    echecs: Mapped[int] = mapped_column(Integer, default=0)
    attente_jusqu_a: Mapped[float] = mapped_column(Float, default=0.0)
    maj_le: Mapped[float] = mapped_column(Float, index=True)

    def __repr__(self) -> str:
        return f"<TentativeConnexion {self.cle[:8]} {self.echecs}>"
