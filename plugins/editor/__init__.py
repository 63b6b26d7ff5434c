"""Editor tools behind `invoke new`, `invoke report` and `invoke translations`.

Build tools, not a Pelican plugin: not listed in PLUGINS.
"""
