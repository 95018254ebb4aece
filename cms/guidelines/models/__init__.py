from .audience import Audience, AudienceCode
from .pages import GuidelineIndexPage, GuidelinePage, GuidelineStatus

__all__ = ["Audience", "AudienceCode", "GuidelineIndexPage", "GuidelinePage", "GuidelineStatus"]
