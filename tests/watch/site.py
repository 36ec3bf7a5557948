"""A small news site on the local test server: stories as HTML pages and RSS feeds listing them.

Our own writing about invented events. The checked claim is the evacuation figure of the
first story; later stories repeat it in other words (one close enough to be merged at
ingest, one only close enough to be suggested).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from tests.web.pages import rss_feed

CHECKED = "More than 2,000 residents were moved to safety overnight"

LEVEE_STORY = [
    '"More than 2,000 residents were moved to safety overnight," Governor Maria Ostrander told reporters '
    "at the regional command centre on Saturday.",
    'Fire Chief Daniel Okafor said the levee had "failed in three places" shortly after midnight.',
    "State hydrologist Priya Natarajan said the river peaked at 7.4 metres on Friday, the highest level "
    "recorded since 1987.",
]
FARES_STORY = [
    "Regional transport minister Elin Sund said on Monday that monthly rail passes would rise by 18 percent "
    "from June.",
    '"No commuter will pay more than 90 euros a month," Sund told the regional assembly.',
]
# The checked claim again, in other words: merged at ingest (score about 99).
REPEAT_STORY = [
    '"Over 2,000 valley residents were evacuated to safety overnight," Ostrander said at a briefing on Sunday.',
    "Opposition leader Carl Vidal said the levee repairs promised in 2023 were never carried out.",
]
# The checked claim in words only close enough for a suggestion (score about 78).
POSSIBLE_STORY = [
    '"More than 2,000 residents of the valley were moved to safety during the night," the governor\'s '
    "spokesperson Tove Lind told the radio station on Monday.",
]


def news_page(title: str, outlet: str, published: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="og:site_name" content="{escape(outlet)}">'
            f'<meta property="article:published_time" content="{published}T08:00:00Z"></head>'
            f'<body><nav><a href="/">Home</a></nav><main><article><h1>{escape(title)}</h1>{body}'
            f"</article></main><footer>{escape(outlet)}</footer></body></html>")


@dataclass
class NewsSite:
    web: object  # tests.web.conftest.LocalWeb
    feeds: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def feed(self, path: str, title: str) -> str:
        self.feeds[path] = []
        self.titles[path] = title
        self._publish(path)
        return self.web.url(path)

    def story(self, feed: str, guid: str, title: str, paragraphs: list[str], *,
              published: str = "2026-03-14", **route) -> str:
        """Put a story online and list it first in `feed`."""
        path = f"/{guid}.html"
        self.web.add(path, news_page(title, self.titles[feed], published, paragraphs), **route)
        self.feeds[feed].insert(0, (guid, path, None))
        self._publish(feed)
        return self.web.url(path)

    def _publish(self, path: str) -> None:
        self.web.add(path, rss_feed(self.web.base, self.feeds[path], title=self.titles[path]),
                     content_type="application/rss+xml")


def filler(n: int, topic: str) -> list[str]:
    """A story of quoted statements nobody has checked (distinct per `topic`)."""
    return [f'"The {topic} budget for item {i} will reach {100 + i * 7} million euros by {2030 + i % 5}," '
            f"councillor {topic.title()} Berg{i} said on Tuesday." for i in range(n)]
