"""Diacritics-insensitive search on the database (issue 14, item 1).

``KcUnaccent(expr)`` is the SQL function ``kc_unaccent``: on PostgreSQL an IMMUTABLE wrapper of
``lower(unaccent(normalize(text, NFC)))`` (migration ``khuyencong.0013``) that trigram GIN
indexes cover, so ``kc_unaccent(title) LIKE '%may say%'`` is an index scan; on SQLite (``make
run``) the same name is a Python function registered on every new connection. Stored text is
NFC (``nfc_text_fields`` before every save; ``form_fields`` for every form input).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Func, Q, TextField
from django.db.models.lookups import Contains

from khuyencong.lib.text import fold, fold_sql, nfc


class KcUnaccent(Func):
    """``kc_unaccent(expr)``: the folded (unaccented, lower-case) text of ``expr``."""

    function = "kc_unaccent"
    arity = 1
    output_field = TextField()


def folded_q(fields: tuple[str, ...] | list[str], query: str) -> Q:
    """Rows where one of ``fields`` contains ``query`` without diacritics or case.

    ``query`` is folded here (NFC, no marks, ``đ`` → ``d``); an empty query gives an always-true
    ``Q()``. Raises nothing.
    """
    folded = fold(query)
    if not folded:
        return Q()
    condition = Q()
    for name in fields:
        condition |= Q(Contains(KcUnaccent(name), folded))
    return condition


def _register_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("kc_unaccent", 1, fold_sql, deterministic=True)


def nfc_text_fields(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Before every save: every text field of ``instance`` in NFC (the one stored form)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname, None)
            if isinstance(value, str) and not value.isascii():
                setattr(instance, field.attname, nfc(value))


def install() -> None:
    """Register the SQLite function and the NFC hook (``KhuyencongConfig.ready``)."""
    from django.db.models.signals import pre_save

    connection_created.connect(_register_sqlite, dispatch_uid="kc_unaccent_sqlite")
    pre_save.connect(nfc_text_fields, dispatch_uid="kc_nfc_text_fields")
