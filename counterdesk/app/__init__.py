"""Composition root: configuration, paths, command line and start-up order."""
