"""Actors: identity keys across spellings (keys.py) and clustering of mentions into one actor per
identity within an article (resolve.py)."""

from .keys import actor_id, actor_key, country_for, display_name, strip_titles

__all__ = ["actor_id", "actor_key", "country_for", "display_name", "strip_titles"]
