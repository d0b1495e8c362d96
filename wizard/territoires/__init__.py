"""Territories: one code type, one resolver commune → EPCI → département, one commune search.

Light on purpose (nothing imported here): the pure modules (``codes``, ``reference``, ``index``)
serve the parcours engine and the recommender, which import no Flask; ``perimetre`` resolves
codes against the database, ``memoire`` keeps the territories of an app in memory.
"""
