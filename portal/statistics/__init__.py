"""Regional statistics: the coordinator's dashboard, each municipality's picture of its
cooperation, and public region-level figures, computed in SQL over the live tables."""
