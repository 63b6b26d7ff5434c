"""Publishing: a strict build into a fresh folder, checks, then an atomic deploy.

A build tool used by `invoke publish`, not a Pelican plugin: it is not listed
in PLUGINS.
"""

from .deploy import Changes, DeployError, deploy_ghpages, deploy_rsync, publish

__all__ = ["Changes", "DeployError", "deploy_ghpages", "deploy_rsync", "publish"]
