"""Messy real-world markup for the web intake tests (our own writing, invented events)."""

MESSY_ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Port flood damage disputed | Harbour Courier</title>
<meta property="og:title" content="Port flood damage disputed">
<meta property="og:site_name" content="Harbour Courier">
<meta name="author" content="Mara Lindqvist">
<meta property="article:published_time" content="2026-03-14T08:30:00Z">
<script>window.dataLayer=[];function track(){console.log("the tracker said 99 percent of readers agree")}</script>
<script type="text/javascript" src="https://ads.example/loader.js"></script>
<style>.ad{display:block} .comments{color:grey}</style>
</head><body>
<!-- Begin cookie banner -->
<div id="cookie-consent">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a> | <a href="/weather">Weather</a></nav></header>
<div class="ad-banner">ADVERTISEMENT: Buy cheap flights now! Click here.</div>
<main><article>
<h1>Port flood damage disputed</h1>
<p class="byline">By Mara Lindqvist</p>
<p>The harbour authority said on Friday that flood damage to the eastern docks would cost more than 40 million euros to repair, a figure the city council disputes.</p>
<p>"The water reached the second floor of every warehouse on the quay," harbour master Jonas Berg told reporters at a briefing.</p>
<div class="advert"><script>document.write("<p>Sponsored: the best mortgage rates, experts said.</p>")</script><iframe src="https://ads.example/x"></iframe><p class="ad">SPONSORED CONTENT: Doctors hate this one trick</p></div>
<p>Council leader Petra Holm said the estimate was inflated and that only 12 warehouses had been affected.</p>
<p>Insurers said they expected claims to be settled by the end of April.</p>
</article></main>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Ten things about ports</a></li><li><a href="/b">Why tides matter</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments (2)</h3>
<div class="comment"><p class="comment-author">troll99</p><p>This is all fake news, the mayor said the docks were never flooded.</p></div>
<div class="comment"><p class="comment-author">anna_k</p><p>The water was never that high, my cousin said so.</p></div></section>
<footer><p>&copy; 2026 Harbour Courier. All rights reserved.</p><p>Privacy | Cookies | Contact</p></footer>
</body></html>
"""

PAYWALL_ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Fare rise to hit commuters - Northline News</title>
<meta property="og:site_name" content="Northline News">
<meta name="date" content="2026-02-02">
</head><body>
<div class="site-header"><a href="/">Northline News</a><a href="/subscribe">Subscribe</a></div>
<article class="story">
<h1>Fare rise to hit commuters</h1>
<p>Regional transport minister Elin Sund said on Monday that monthly rail passes would rise by 18 percent from June.</p>
<p>"No commuter will pay more than 90 euros a month," Sund told the regional assembly.</p>
<div class="paywall">
<h2>Subscribe to keep reading</h2>
<p>You have reached your limit of free articles this month. Subscribe now for just 1 euro a week to get unlimited access.</p>
<a class="btn" href="/subscribe">Subscribe</a> <a href="/login">Log in</a>
</div>
</article>
<div class="newsletter">Sign up for our newsletter!</div>
</body></html>
"""

# The date is nowhere in the visible text: only in the JSON-LD metadata.
METADATA_DATE_ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Valley bridge reopens</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Valley bridge reopens",
 "datePublished": "2025-11-03T06:00:00+01:00", "author": {"@type": "Person", "name": "Tomas Eklund"},
 "publisher": {"@type": "Organization", "name": "Valley Ledger"}}
</script>
</head><body>
<div class="menu"><a href="/">Front page</a> <a href="/local">Local</a></div>
<div class="content">
<h1>Valley bridge reopens</h1>
<p>The old valley bridge reopened to traffic after eight months of repairs, the county roads office said.</p>
<p>County engineer Lisa Moberg said the repairs had cost 3.2 million euros, well under the original budget of 5 million.</p>
<p>"The bridge will carry twice the load it could before," Moberg said.</p>
</div>
<div class="share">Share on social media</div>
</body></html>
"""

NO_DATE_ARTICLE = """<html><head><title>Ferry timetable changes</title></head><body>
<div id="main"><h1>Ferry timetable changes</h1>
<p>The island ferry company said it would cut winter sailings from six a day to four, blaming fuel costs.</p>
<p>Island councillor Ruth Alm said the cut would leave 400 commuters without a way to work.</p>
</div></body></html>
"""

NOT_AN_ARTICLE = """<html><head><title>Login</title></head><body><form><input name="u"><input name="p"></form></body></html>"""


def rss_feed(base: str, items: list[tuple[str, str | None, str | None]], *, title: str = "Harbour Courier") -> str:
    """items: (guid, link, pubDate)."""
    body = []
    for guid, link, pub in items:
        parts = [f'<guid isPermaLink="false">{guid}</guid>', f"<title>Story {guid}</title>"]
        if link is not None:
            parts.append(f"<link>{base}{link}</link>" if link.startswith("/") else f"<link>{link}</link>")
        if pub:
            parts.append(f"<pubDate>{pub}</pubDate>")
        body.append("<item>" + "".join(parts) + "</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link><description>News</description>{''.join(body)}</channel></rss>")


def atom_feed(base: str, entries: list[tuple[str, str, str]]) -> str:
    """entries: (id, link, updated)."""
    body = "".join(
        f'<entry><id>{eid}</id><title>Entry {eid}</title><link href="{base}{link}"/><updated>{upd}</updated></entry>'
        for eid, link, upd in entries
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>Valley Ledger</title><id>urn:valley</id><updated>2025-11-03T06:00:00Z</updated>{body}</feed>')


# A fact-check page: its ClaimReview sits in an @graph, the claim given by reference; a second
# JSON-LD block is broken (a trailing comma), as pages in the wild have.
FACTCHECK_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fact check: did hospital waiting lists halve? | Harbour Fact Desk</title>
<meta property="og:site_name" content="Harbour Fact Desk">
<meta property="article:published_time" content="2026-03-16T09:00:00Z">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "Organization", "@id": "https://factdesk.example/#org", "name": "Harbour Fact Desk"},
  {"@type": "WebPage", "@id": "https://factdesk.example/checks/waiting-lists", "name": "Fact check"},
  {"@type": "Claim", "@id": "#claim", "datePublished": "2026-03-12",
   "author": {"@type": "Person", "name": "Ines Caldera", "jobTitle": "Health minister"},
   "firstAppearance": {"@type": "CreativeWork", "url": "https://courier.example/health-debate",
                       "publisher": {"@type": "Organization", "name": "Harbour Courier"}}},
  {"@type": ["ClaimReview"], "@id": "#review", "url": "https://factdesk.example/checks/waiting-lists",
   "claimReviewed": "Hospital waiting lists have halved since 2024",
   "datePublished": "2026-03-16", "author": {"@id": "https://factdesk.example/#org"},
   "itemReviewed": {"@id": "#claim"},
   "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                    "alternateName": "Mostly False"}}
]}
</script>
<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": [1, 2,]}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/checks">Checks</a></nav>
<article>
<h1>Did hospital waiting lists halve?</h1>
<p>Health minister Ines Caldera said during Thursday's debate: "Hospital waiting lists have halved since 2024".</p>
<p>Figures from the regional health board show the lists fell by 21 percent over that time, from 48,000 to 38,000 patients.</p>
<p>A spokesperson for the health board said the figures would be updated in April.</p>
<p>Our verdict: mostly false.</p>
</article>
<footer>Harbour Fact Desk</footer>
</body></html>
"""

# ClaimReview objects in a list, one of them unreadable (no claimReviewed), one with a rating label
# the desk has no verdict for.
REVIEW_LIST_PAGE = """<html><head><title>Two checks</title>
<script type="application/ld+json">
[{"@context": "http://schema.org", "@type": "http://schema.org/ClaimReview",
  "claimReviewed": "The ferry fleet is the oldest in Europe",
  "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "Island Ferries"}},
  "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire"}},
 {"@type": "ClaimReview", "url": "https://factdesk.example/checks/nothing"}]
</script></head><body><div id="main"><h1>Two checks</h1>
<p>The island ferry company said it would cut winter sailings from six a day to four, blaming fuel costs.</p>
<p>Island councillor Ruth Alm said the cut would leave 400 commuters without a way to work.</p>
</div></body></html>
"""
