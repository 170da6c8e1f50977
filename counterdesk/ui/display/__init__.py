"""The lobby display: calls, waiting figures, notices, the voice and the chime."""
