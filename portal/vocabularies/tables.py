from __future__ import annotations

from piccolo.columns import Boolean, Integer, Varchar
from piccolo.constraints import Check, Unique
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)


class VocabularyTerm(Table, tablename="vocabulary_term"):
    """One entry of a controlled vocabulary; retired entries are deactivated, never deleted,
    so records that use them keep their meaning."""

    vocabulary = Varchar(length=20, index=True)
    code = Varchar(length=40)
    name_sv = Varchar(length=120)
    name_en = Varchar(length=120)
    active = Boolean(default=True)
    position = Integer(default=1000)

    one_code_per_vocabulary = Unique(["vocabulary", "code"])
    vocabulary_is_known = Check("vocabulary IN ('language', 'script', 'skill', 'material_type')")
    code_is_a_slug = Check("code ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'")
