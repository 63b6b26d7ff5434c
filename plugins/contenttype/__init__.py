"""What events and courses share: a content type whose items are uk/en twin files."""

from .generator import ContentTypeGenerator, read_content, twin_pairs

__all__ = ["ContentTypeGenerator", "read_content", "twin_pairs"]
