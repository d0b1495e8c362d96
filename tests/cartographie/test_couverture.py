"""The coverage service: pure rules on hand-made rows, and the matrix on the loaded data."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from wizard.cartographie import couverture
from wizard.cartographie.couverture import (
    Cellule,
    Colonne,
    assembler,
    cellules_par_structure,
    motif_peu_couverte,
    trier,
)
from wizard.db import get_session
from wizard.models import Commune, Offre, OffreTag, Structure
from wizard.territoires.perimetre import offres_couvrant, resolve


@pytest.mark.parametrize(("nb", "non_payantes", "flagged"), [
    (0, 0, True), (1, 0, True), (1, 1, False), (2, 0, False), (5, 5, False)])
def test_low_coverage_rule(nb, non_payantes, flagged):
    assert (motif_peu_couverte(nb, non_payantes) is not None) is flagged


def test_cells_fold_offers_per_structure_and_thematique():
    rows = [  # (structure_id, offre_id, cout, kind, slug)
        (1, 10, "gratuit", "thematique", "voirie"), (1, 10, "gratuit", "besoin", "technique"),
        (1, 11, "payant", "thematique", "voirie"), (1, 11, "payant", "besoin", "juridique"),
        (2, 20, "inconnu", "thematique", "eau")]
    cells = cellules_par_structure(rows)
    assert cells[("voirie", 1)] == Cellule(besoins=("juridique", "technique"), couts=("gratuit", "payant"))
    assert cells[("eau", 2)] == Cellule(besoins=(), couts=("inconnu",))
    assert ("eau", 1) not in cells


def test_rows_align_cells_on_columns_and_sort():
    colonnes = [Colonne(id=1, slug="a", nom="A", sigle=None), Colonne(id=2, slug="b", nom="B", sigle=None)]
    cells = {("eau", 2): Cellule(besoins=("technique",), couts=("gratuit",))}
    lignes = assembler([("voirie", "Voirie"), ("eau", "Eau")], {"eau": (1, 1)}, colonnes, cells,
                       {"voirie": 90, "eau": 95}, ("technique",))
    assert [c is not None for c in lignes[1].cellules] == [False, True]
    assert lignes[0].motif_peu_couverte == "aucune structure ne couvre ce besoin"
    assert [ligne.slug for ligne in trier(lignes, "libelle")] == ["eau", "voirie"]
    assert [ligne.slug for ligne in trier(lignes, "couverture")] == ["voirie", "eau"]
    assert [ligne.slug for ligne in trier(lignes, "besoin")] == ["eau", "voirie"]
    assert [ligne.slug for ligne in trier(lignes, "inconnu")] == ["voirie", "eau"]


def test_matrix_shows_what_caue_offers(app):
    with app.app_context():
        session = get_session()
        caue = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        expected = {}
        for offre in caue.offres:
            for theme in offre.slugs("thematique"):
                expected.setdefault(theme, set()).update(offre.slugs("besoin"))
        assert expected, "the CAUE declares at least one thématique"
        m = couverture.matrice(session, app.extensions["taxonomy"])
        index = [c.slug for c in m.colonnes].index("caue-53")
        for ligne in m.lignes:
            cell = ligne.cellules[index]
            if ligne.slug in expected:
                assert cell is not None and set(cell.besoins) == expected[ligne.slug]
            else:
                assert cell is None


def test_single_paying_actor_is_flagged_computed_from_the_database(app):
    """Leave one paying offer on a thématique: the row becomes "peu couverte"; make it free: it is not."""
    with app.app_context():
        session = get_session()
        taxonomy = app.extensions["taxonomy"]
        theme = "voirie"
        offres = session.scalars(select(Offre).join(OffreTag).where(OffreTag.kind == "thematique",
                                                                  OffreTag.slug == theme)).all()
        assert len({o.structure_id for o in offres}) > 1
        keep, others = offres[0], offres[1:]
        session.execute(delete(OffreTag).where(OffreTag.kind == "thematique", OffreTag.slug == theme,
                                               OffreTag.offre_id.in_([o.id for o in others])))
        keep.cout = "payant"
        session.flush()
        flagged = couverture.thematiques_peu_couvertes(session, taxonomy)
        assert (theme, "une seule structure, et son offre est payante") in flagged
        keep.cout = "gratuit"
        session.flush()
        assert theme not in dict(couverture.thematiques_peu_couvertes(session, taxonomy))
        session.rollback()


def test_territory_filter_keeps_only_offers_covering_it(app):
    """An EPCI's own offers cover its territory only: it appears for its communes, not elsewhere."""
    with app.app_context():
        session = get_session()
        taxonomy = app.extensions["taxonomy"]
        laval_agglo = session.scalar(select(Structure).where(Structure.slug == "epci-laval-agglo"))
        assert all(o.codes("epci") == ["200083392"] and not o.codes("departement") for o in laval_agglo.offres)
        dans = couverture.matrice(session, taxonomy, resolve(session, "53130"))
        ailleurs = couverture.matrice(session, taxonomy, resolve(session, "200055887"))
        partout = couverture.matrice(session, taxonomy)
        assert "epci-laval-agglo" in {c.slug for c in dans.colonnes}
        assert "epci-laval-agglo" not in {c.slug for c in ailleurs.colonnes}
        assert ailleurs.nb_structures < partout.nb_structures


def test_population_cap_applies_to_a_commune_filter(app):
    """An offer capped at N inhabitants covers a small commune, not a bigger one; EPCI filters ignore the cap."""
    with app.app_context():
        session = get_session()
        # (An offer also reserved to a programme's labelled communes would mix both rules.)
        capped = next((o for o in session.scalars(select(Offre).where(Offre.population_max.is_not(None)))
                       if not (o.eligibilite or {}).get("dispositif")), None)
        assert capped is not None, "the data has at least one offer capped by population"
        small = session.scalar(select(Commune).where(Commune.departement == "53",
                                                     Commune.population <= capped.population_max))
        big = session.scalar(select(Commune).where(Commune.departement == "53",
                                                   Commune.population > capped.population_max))

        def covered(code: str) -> bool:
            return capped.id in set(session.scalars(offres_couvrant(resolve(session, code))))

        assert covered(small.code) and not covered(big.code)
        assert covered(big.epci_code)


def test_pages_of_columns(app):
    with app.app_context():
        session = get_session()
        taxonomy = app.extensions["taxonomy"]
        m1 = couverture.matrice(session, taxonomy, par_page=10)
        m2 = couverture.matrice(session, taxonomy, par_page=10, page=2)
        last = couverture.matrice(session, taxonomy, par_page=10, page=999)
        assert len(m1.colonnes) == 10 and m1.nb_pages == -(-m1.nb_structures // 10)
        assert not {c.slug for c in m1.colonnes} & {c.slug for c in m2.colonnes}
        assert last.page == m1.nb_pages and m2.premier == 11
        # Row totals do not depend on the page shown.
        assert [ligne.nb_structures for ligne in m1.lignes] == [ligne.nb_structures for ligne in m2.lignes]
