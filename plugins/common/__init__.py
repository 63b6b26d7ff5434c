"""Helpers several plugins and tasks share: kept files, Latin slugs, text written like
a page, the preview server."""
