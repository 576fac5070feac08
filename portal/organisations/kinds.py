import enum


class OrganisationKind(enum.StrEnum):
    municipality = "municipality"
    region = "region"
    library = "library"
    other = "other"
