"""Data you can trust: sources declared once per fiche with their own date, public facts and internal
notes apart, reachable channels, levels and roles of offers, eligibility, programmes over time.

Existing rows are carried over: confidence and "à vérifier" notes move into ``interne``; each old
source (of the structure or of an offer) becomes a keyed source of the structure, the structure and
the offer each citing the keys of their own; a contact's source URL becomes a keyed source too; a
programme's sources get the keyed shape.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _keyed_sources(value) -> list[dict]:
    """A programme's old {url, date, appuie} sources in the keyed shape (id, titre, …)."""
    items = json.loads(value) if isinstance(value, str) else list(value or [])
    keyed = []
    for i, src in enumerate(items, start=1):
        if "titre" in src:  # already keyed
            keyed.append(src)
            continue
        url, date = src.get("url"), src.get("date")
        keyed.append({"id": f"s{i}", "titre": src.get("appuie") or url or f"source {i}", "editeur": None,
                      "url": url, "date": (date or None) and str(date)[:10], "consulte_le": None,
                      "copie_consultee": None})
    return keyed


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("structure") as batch:
        batch.add_column(sa.Column("niveau", sa.String(20), nullable=False, server_default="departemental"))
        batch.add_column(sa.Column("faits_sources", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("anciens_slugs", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("interne", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("empreinte_chargee", sa.String(64), nullable=True))
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("formulaire", sa.String(1000), nullable=True))
        batch.add_column(sa.Column("page_contact", sa.String(1000), nullable=True))
        batch.add_column(sa.Column("source_cle", sa.String(80), nullable=True))
    with op.batch_alter_table("offre") as batch:
        batch.add_column(sa.Column("role", sa.String(20), nullable=False, server_default="specialiste"))
        batch.add_column(sa.Column("population_min", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("competence", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("mots_cles", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("eligibilite", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("formation", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("source_cles", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("interne", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("source") as batch:
        batch.add_column(sa.Column("cle", sa.String(80), nullable=False, server_default=""))
        batch.add_column(sa.Column("titre", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("editeur", sa.String(300), nullable=True))
        batch.add_column(sa.Column("consulte_le", sa.String(10), nullable=True))
        batch.add_column(sa.Column("copie_consultee", sa.String(1000), nullable=True))
        batch.alter_column("url", existing_type=sa.String(1000), nullable=True)
        batch.alter_column("date", existing_type=sa.String(40), type_=sa.String(10))
    with op.batch_alter_table("dispositif") as batch:
        batch.add_column(sa.Column("financement", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("successeur", sa.String(80), nullable=True))
        batch.add_column(sa.Column("declinaison_locale", sa.Text(), nullable=True))
        batch.add_column(sa.Column("besoins", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("prochaines_echeances", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("eligibilite", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("faits_sources", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("interne", sa.JSON(), nullable=False, server_default="{}"))

    # Carry the old values over before their columns go.
    for sid, confiance, a_verifier in bind.execute(sa.text("SELECT id, confiance, a_verifier FROM structure")):
        interne = {k: v for k, v in (("confiance", confiance), ("a_verifier", a_verifier)) if v}
        bind.execute(sa.text("UPDATE structure SET interne = :i WHERE id = :id"), {"i": _json(interne), "id": sid})
    offer_keys: dict[int, list[str]] = {}
    fact_keys: dict[int, list[str]] = {}
    for src_id, structure_id, offre_id, url, appuie in bind.execute(
            sa.text("SELECT id, structure_id, offre_id, url, appuie FROM source ORDER BY position, id")).all():
        key = f"s{src_id}"
        bind.execute(sa.text("UPDATE source SET cle = :k, titre = :t WHERE id = :id"),
                     {"k": key, "t": appuie or url or key, "id": src_id})
        if offre_id is not None:
            offer_keys.setdefault(offre_id, []).append(key)
        else:  # a source of the structure itself grounded its facts (nom, presentation…)
            fact_keys.setdefault(structure_id, []).append(key)
    for sid, keys in fact_keys.items():
        bind.execute(sa.text("UPDATE structure SET faits_sources = :k WHERE id = :id"), {"k": _json(keys), "id": sid})
    for oid, certitude in bind.execute(sa.text("SELECT id, certitude FROM offre")):
        bind.execute(sa.text("UPDATE offre SET source_cles = :k, interne = :i WHERE id = :id"),
                     {"k": _json(offer_keys.get(oid, [])), "i": _json({"certitude": certitude} if certitude else {}),
                      "id": oid})
    contacts = bind.execute(sa.text("SELECT id, structure_id, source_url, source_date FROM contact "
                                    "WHERE source_url IS NOT NULL")).all()
    for cid, structure_id, url, date in contacts:
        key = f"contact-{cid}"
        bind.execute(sa.text("INSERT INTO source (structure_id, position, cle, titre, url, date) "
                             "VALUES (:s, 1000, :k, :t, :u, :d)"),
                     {"s": structure_id, "k": key, "t": url, "u": url, "d": (date or None) and str(date)[:10]})
        bind.execute(sa.text("UPDATE contact SET source_cle = :k WHERE id = :id"), {"k": key, "id": cid})
    for did, declinaison, confiance, sources in bind.execute(
            sa.text("SELECT id, declinaison_mayenne, confiance, sources FROM dispositif")).all():
        bind.execute(sa.text("UPDATE dispositif SET declinaison_locale = :d, interne = :i, sources = :s "
                             "WHERE id = :id"),
                     {"d": declinaison, "i": _json({"confiance": confiance} if confiance else {}),
                      "s": _json(_keyed_sources(sources)), "id": did})

    with op.batch_alter_table("structure") as batch:
        batch.drop_column("confiance")
        batch.drop_column("verifie_le")
        batch.drop_column("a_verifier")
    with op.batch_alter_table("contact") as batch:
        batch.drop_column("source_url")
        batch.drop_column("source_date")
        batch.drop_column("a_verifier")
    with op.batch_alter_table("offre") as batch:
        batch.drop_column("certitude")
    with op.batch_alter_table("source") as batch:
        batch.drop_index("ix_source_offre_id")
        batch.drop_constraint("fk_source_offre_id_offre", type_="foreignkey")
        batch.drop_column("offre_id")
        batch.drop_column("appuie")
    with op.batch_alter_table("dispositif") as batch:
        batch.drop_column("declinaison_mayenne")
        batch.drop_column("public_cible")
        batch.drop_column("confiance")


def downgrade() -> None:
    """Not supported: the old schema mixed public facts and research notes."""
    raise NotImplementedError("Revenez à une sauvegarde de la base plutôt que de défaire 0005.")
