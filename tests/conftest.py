"""Shared fixtures live in plugin modules, one per area, so that each can change on its own."""

pytest_plugins = ["fixtures_graph", "fixtures_server"]
