"""Line classification: which raw lines are page furniture rather than headline or article body.

Two passes. :func:`classify_line` looks at one line alone and knows the widgets scrapers leave in
the text (tag rows, "Source link", pagination, photo credits, bylines, rating and share widgets,
cookie and subscription prompts, ...). :func:`find_context_noise` then uses position: noise clusters
above the first and below the last body paragraph, a photo caption sits right above its credit, an
"About the writer" heading is followed by the bio, a "Related Posts" heading by other headlines.

The rules were written from the seed articles' gold ``noise_lines`` and checked for false positives
on PolNeAR (clean body text, where nearly nothing may be removed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from stancemap.clean.lines import Line, count_words, ends_sentence, upper_share
from stancemap.clean.metadata import is_date_line, read_byline, read_sign_off

# A body-like line anchors the article body: noise zones are the lines above the first and below the
# last one. 8 words and a sentence end, or 20 words in any case (seed paragraphs are 15-80 words;
# PolNeAR's shortest real paragraphs, such as a one-sentence quote, have about 8).
BODY_MIN_WORDS = 8
BODY_MIN_WORDS_UNPUNCTUATED = 20
# Short lines that are not sentences, below the body and the first widget there, are furniture
# ("Most Read", a lone author name). 8 words covers the seed widget lines; sentences end with a period.
FOOTER_MAX_WORDS = 8
# Short labels above the first body paragraph, other than the headline ("Politics", "Analysis").
LABEL_MAX_WORDS = 3
# A photo caption title above its credit line ("Leaders at the summit"; the seed captions have 4-6 words).
CAPTION_MAX_WORDS = 15
# A caption sentence above a bare credit line ("Jane Doe/AP Photo" alone on its line).
CAPTION_SENTENCE_MAX_WORDS = 60
# Lines following an "About the writer" heading that belong to the bio (seed 003 has two).
ABOUT_BLOCK_MAX_LINES = 3
# Headlines listed under a "Related Posts" heading below the body.
RELATED_BLOCK_MAX_LINES = 12
RELATED_HEADLINE_MAX_WORDS = 25
# An all-capitals line in the body is a teaser for another story when it is headline-long (seed 002:
# 13 words); shorter all-capitals lines are often section subheads and stay (PolNeAR has 5-word ones).
TEASER_MIN_WORDS = 7
TEASER_MIN_UPPER_SHARE = 0.9
# Tag rows: topic names run together ("Foreign PolicyNational SecurityNATO..."; the seed tag row has 7
# joins in 10 words, in 5 of them). Names have one or two joins each (YouTube, RealClearPolitics), so a tag row
# needs 3 joins spread over at least 2 words.
TAG_ROW_MIN_JOINS = 3
TAG_ROW_MIN_JOINED_WORDS = 2
TAG_ROW_MIN_JOIN_SHARE = 0.2
# Widgets are short; a long line that merely mentions "newsletter" or "cookies" is body text.
WIDGET_MAX_WORDS = 30
CREDIT_LINE_MAX_WORDS = 80

_I = re.I

_SOURCE_LINK = re.compile(
    r"^(?:source link|source|sources|original (?:source|article|story)|"
    r"(?:source|sources|via)\s*:\s*\S.{0,80}|read (?:the )?(?:original|full) (?:article|story)(?: here| on .{1,40})?|"
    r"\(?(?:this (?:article|story) )?(?:was )?(?:originally|first) (?:appeared|published|posted) (?:on|in|at|by)\s*:?\s*.{1,80})\.?$",
    _I,
)
_RELATED_HEADING = re.compile(
    r"^(?:related(?: posts?| stories| articles| content| coverage| reading| news| topics| links| videos?)?|"
    r"more (?:stories|news|coverage|articles|on this(?: story| topic)?|from [\w .&'’-]{1,40}|like this)|"
    r"read (?:more|next|also)|also read|see also|you (?:may|might) (?:also )?(?:like|be interested in|have missed)|"
    r"recommended(?: for you| stories| reading| articles| videos?)?|most (?:read|popular|viewed|shared)|"
    r"trending(?: now| stories| news)?|popular(?: now| stories)?|latest(?: news| stories| articles| videos?)?|more|"
    r"further reading|what to read next|top stories|editor'?s picks|in other news|keep reading|up next|"
    r"also on [\w .&'’-]{1,30})"
    r"(?: (?:in|on|from) [\w .&'’-]{1,30})?\s*[:.…»›>]*$",
    _I,
)
_TEASER_PREFIX = re.compile(
    r"^\[?(?:related(?: posts?| stories| articles| reading| coverage)?|read more|read also|also read|see also|"
    r"see more|more|read next|recommended|watch|listen|read|"
    r"also on [\w .&'’-]{1,30}|must read|don'?t miss)\s*:\s*\S",
    _I,
)
# A line cut short and followed by a link: "... Read more", "… Continue reading".
_READ_MORE_TAIL = re.compile(
    r"(?:(?:\.\.\.|…)\s*(?:read more|continue reading|read full (?:story|article)|more)|"
    r"\b(?:Read|Continue reading|See) [Mm]ore)\s*[»›>]*$"
)
_PAGINATION = re.compile(
    r"^(?:\d{1,4}\s*(?:of|/)\s*\d{1,4}|page\s+\d+(?:\s+of\s+\d+)?|"
    r"(?:next|previous|prev|older|newer)(?: page| post| article| story| posts| articles)?|"
    r"[«‹<]+\s*(?:previous|prev|older)\b.{0,80}|.{0,80}\b(?:next|newer)\s*[»›>]+|"
    r"load more(?: stories| articles)?|show more|view all|see all(?: stories| articles)?)\s*[»›>]*$",
    _I,
)
# Credit lines end with "Name/Agency Photo", "/Getty Images", "REUTERS/Name", "(Photo by ...)".
_AGENCY = (
    r"(?:AP|AFP|Reuters|REUTERS|EPA(?:-EFE)?|Getty Images|Bloomberg|Sputnik|TASS|Xinhua|ANP|dpa|DPA|"
    r"Anadolu(?: Agency)?|UPI|SIPA|Shutterstock|Pool|POOL|NurPhoto|Kyodo|Yonhap|Alamy|PA(?: Wire)?|"
    r"Abaca|Zuma(?: Press)?|ZUMA(?: Wire)?|WireImage|Ukrinform|Presidential Press Service)"
)
_NAME = r"(?:[A-Z][\w.'’-]*\.?\s+){0,3}[A-Z][\w.'’-]*"
_CREDIT_TAIL = re.compile(
    r"(?:"
    r"/\s*(?:[A-Z][\w&.'’-]*\s+){0,3}(?:Photo|Photos|Images|Pictures|Pool|Photography|file)|"
    r"(?:^|[\s(])" + _NAME + r"\s*/\s*" + _AGENCY + r"(?:\s+(?:via\s+)?(?:Getty Images|AP|Reuters))?|"
    r"(?:^|[\s(])" + _AGENCY + r"\s*/\s*" + _NAME + r"|"
    r"(?:via|/)\s*Getty Images|^\(?Getty Images|\(Getty Images|"
    r"(?:^|[\s(.])" + _NAME + r"\s*[—–]\s*(?:Getty Images|Shutterstock|Alamy|WireImage|NurPhoto)|"
    r"\b(?:Photo|Photograph|Picture|Image)s?\s*:\s*" + _NAME + r"\s*/\s*(?:[A-Z][\w&.'’-]*\s*){1,4}|"
    r"\b(?:Handout|Supplied|Courtesy) (?:via|of|by) (?:[A-Z][\w&.'’-]*\s*){1,4}|"
    r"(?<=[\s.])[A-Z]{2,6}\s*/\s*[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}|"
    r"\((?i:photo|image|picture|photograph|credit)s?\s*(?i:by|:|credit)[^)]*\)"
    r")\s*\)?\.?$",
)
_CREDIT_PREFIX = re.compile(
    r"^\(?(?:photo|photos|photograph|image|picture|credit|illustration|file photo|photo illustration|"
    r"main image|top image|header image|featured image)\s*(?:by|:|credit:?|courtesy(?: of)?)\s*\S",
    _I,
)
# An agency's file-photo caption: "FILE - Ministers arrive for talks in Brussels, March 3, 2023."
_FILE_CAPTION = re.compile(r"^FILE\s*[-–—]\s+\S")
_BARE_CREDIT = re.compile(
    r"^(?:\(?" + _NAME + r"\s*/\s*(?:[A-Z][\w&.'’-]*\s*){1,4}\)?|\(?(?:[\w&-]+\s+)?(?:via\s+)?Getty Images\)?|"
    + _AGENCY + r"(?:\s+Photo)?)\.?$"
)
# "(Reporting by Jane Roe in Oslo; Editing by John Doe)": the names after "by" are capitalised, unlike
# "Research by the institute shows ...".
_CREDITS_BY = re.compile(
    r"^(?P<open>\()?(?:additional |with )?(?:reporting|writing|editing|compiled|translated|research|fact-checking|"
    r"produced|graphics)(?: and \w+)? by\s+(?P<names>[^;()]+)",
    _I,
)
_CREDIT_CONNECTORS = frozenset("and & in from with of at".split())
_CONTRIBUTED = re.compile(
    r"\bcontributed (?:reporting|to this (?:report|story|article)|(?:additional )?reporting|"
    r"to (?:the|this) (?:report|story))(?: (?:from|in) [\w ,.'’-]{1,40})?\.?$",
    _I,
)
_ABOUT_HEADING = re.compile(
    r"^(?:about the (?:writer|author|reporter|contributor|journalist)s?|about (?:the )?authors?|"
    r"author(?:'s|’s)? (?:bio|profile|info|information)|meet the (?:author|writer|reporter)|"
    r"written by|more from (?:this|the) (?:author|writer)|contributors?|authors?)\s*:?$",
    _I,
)
# "Jane Doe is a Daily Bugle reporter ...": only read as a bio above or below the body.
_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+(?:,\s*[^,]{1,60},)?\s+(?:is|was|has been|covers|writes|reports)\b"
    r"(?:\s+\S+){0,12}?\s+(?:reporter|correspondent|journalist|writer|editor|columnist|contributor|author|"
    r"producer|anchor|analyst|intern|freelancer|freelance|bureau chief|fellow|editor-at-large|news editor)s?\b"
)
_CONTACT = re.compile(
    r"\b(?:follow (?:him|her|them|[A-Z]\w+(?: [A-Z]\w+)?) on (?:twitter|x|instagram|facebook|bluesky|linkedin|threads)"
    r"|get in touch with|contact (?:the author|the writer|him|her|them|us) (?:at|on|via)|"
    r"(?:email|e-mail) (?:him|her|them|the author) at)\b|[\w.+-]+@[\w-]+\.[\w.]+",
    _I,
)
_RATING = re.compile(
    r"^fairness meter$|click on meter to rate|hold us accountable|rate this (?:article|story|post)|submit your rating|"
    r"^\[?total:\s*\d+\s*average:\s*[\d.]+\]?$|"
    r"how (?:would|do) you rate|was this (?:article|story|page) (?:helpful|useful|informative)|"
    r"^(?:\d(?:\.\d)?\s*/\s*5|\d(?:\.\d)? (?:out of 5 )?stars?)$|^(?:thumbs? (?:up|down)|like|dislike)$",
    _I,
)
_SELF_PROMO = re.compile(
    r"^(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}\s+is\s+committed\s+to\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:journalism|reporting|accuracy|fairness|transparency|(?:our|its) readers)\b|"
    r"\b(?:support|fund|help (?:us )?(?:fund|sustain)) (?:our|independent|quality|trusted|local|fearless) "
    r"(?:\w+ ){0,2}(?:journalism|reporting|newsroom)\b|\bis (?:reader|member|listener)-(?:funded|supported)\b|^(?:we|our newsroom) (?:rely|relies|depend|depends) on (?:readers|you)\b|"
    r"\bbecome a (?:member|supporter|subscriber|patron)\b|^(?:donate|make a (?:donation|contribution))\b",
)
_SHARE_PHRASE = re.compile(
    r"^(?:share (?:this|on|via|the|article|story|page|link)\b.{0,60}|(?:click|tap) (?:here )?to share\b.{0,60}|"
    r"share|shares|tweet|email|e-mail|print|copy link|copied!?|link copied|save|saved|bookmark|comments?|"
    r"\d+ comments?|view comments|join the conversation|leave a comment|show comments|gift (?:this )?article)$",
    _I,
)
_SHARE_WORDS = frozenset(
    """share shares sharing this article story page on via facebook twitter x linkedin whatsapp email
    e mail print copy link url reddit telegram pinterest tweet messenger flipboard bluesky threads
    mastodon copied save bookmark comments comment sms viber vk tumblr""".split()
)
_SHARE_NETWORKS = frozenset(
    "facebook twitter linkedin whatsapp reddit telegram pinterest tweet messenger flipboard bluesky "
    "mastodon viber vk tumblr share".split()
)
_AI_NOTICE = re.compile(
    r"voice is ai-generated|inconsistencies may occur|^listen to (?:this|the) (?:article|story|audio)\b|"
    r"^(?:listen|listen now|play audio|audio)$|\b(?:audio|voice|narration) (?:is|was) (?:ai[- ]generated|"
    r"generated by (?:ai|artificial intelligence)|automatically generated)|^ai-generated (?:audio|voice|narration)",
    _I,
)
_READING_TIME = re.compile(
    r"^\d+\s*(?:min|mins|minute|minutes)(?: read| listen)?$|^(?:estimated )?(?:reading|read) time\s*:?\s*\d+", _I
)
_BACK_TO_TOP = re.compile(r"^(?:back to top|scroll to top|go to top|return to top|to top)(?: button)?\s*[↑^]*$", _I)
_COOKIE = re.compile(
    r"\bwe use cookies\b|\b(?:this|our) (?:site|website) uses cookies\b|"
    r"\bcookie (?:policy|settings|preferences|consent)\b|\b(?:accept|reject|allow|manage) (?:all )?cookies\b|"
    r"^(?:accept(?: all)?|reject all|manage (?:preferences|settings)|"
    r"i agree|got it|ok(?:ay)?,? got it|agree and close|consent)$",
    _I,
)
_SUBSCRIBE = re.compile(
    r"^(?:subscribe|sign up|sign in|log in|login|enter your email|already (?:a subscriber|have an account)|"
    r"follow us|download (?:our|the) app|get (?:our|the) app|create (?:a )?(?:free )?account|start your free trial|"
    r"like this (?:story|article)\?|thanks? (?:you )?for (?:signing up|subscribing))\b|\byour inbox\b|"
    r"\berror processing your subscription\b|"
    r"\b(?:sign up|subscribe|register) (?:to|for) (?:our|the|\w+['’]s) (?:\w+ ){0,3}"
    r"(?:newsletter|briefing|updates|alerts)\b|"
    r"\b(?:sign up|subscribe|register|join|get)\b.{0,60}\bnewsletters?\b|"
    r"\bnewsletters?\b.{0,40}\b(?:sign up|subscribe|inbox)|"
    r"\b(?:delivered|straight|direct(?:ly)?) to your inbox\b|\bsubscribe (?:now|today|here)\b|"
    r"\bjoin (?:us|our \w+ channel|our community) on\b",
    _I,
)
# Prompts that open like a sentence ("Don't miss ...", "Want more?"): only as short lines.
_SHORT_PROMPT = re.compile(
    r"^(?:don'?t miss|never miss|stay (?:informed|up to date|updated|in the know)|want more|register|unlock|"
    r"read (?:the|our) (?:latest|full coverage))\b",
    _I,
)
SHORT_PROMPT_MAX_WORDS = 8
_LOGO = re.compile(r"^(?:[\w&.'’-]+\s+){0,4}logo$", _I)
_ADVERTISEMENT = re.compile(
    r"^(?:advertisement|advertising|ad|ads|sponsored(?: content| post| links?)?|promoted(?: content)?|paid content|"
    r"story continues below(?: advertisement)?|article continues (?:below|after (?:this )?advertisement)|"
    r"continue reading (?:below|the main story)|skip advertisement|scroll to continue(?: with content)?|"
    r"remove ads|ad feedback|(?:article |sidebar |top |bottom )?(?:ad|advert|advertisement)s? "
    r"(?:box|slot|space|unit|banner|placeholder|container))\s*[:.-]?$",
    _I,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}\b)|\ball rights reserved\b|\bmay not be (?:published|reproduced), broadcast\b", _I
)
_UPDATE_NOTE = re.compile(r"^this (?:story|article|report|post) (?:has been|was) (?:updated|corrected|amended|"
                          r"translated|adapted)\b", _I)
_STAMP_KEYWORD = re.compile(r"^\W*(?:published|posted|updated|last updated|first published|modified|dated?)\b", _I)
_TAG_PREFIX = re.compile(r"^(?:tags?|topics?|filed under|categories|category|keywords|more on)\s*:", _I)
_CAMEL_JOIN = re.compile(r"[a-z]{2}[A-Z][a-z]|[A-Z]{2}[A-Z][a-z]{2}|[a-z][A-Z]{2,}\b")
# Embedded posts keep their text and attribution line ("— Jane Doe (@jdoe) March 3, 2026"): both
# carry a statement and its speaker. Only the embed's own furniture goes.
_SOCIAL_EMBED = re.compile(r"^a post shared by\b|^view (?:this post|more) on (?:instagram|x|twitter|facebook)\b", _I)
_SOCIAL_FOLLOW = re.compile(
    r"^follow\b.{0,80}\bon (?:facebook|twitter|x|instagram|youtube|tiktok|telegram|bluesky|threads|linkedin|"
    r"google news|whatsapp)\b",
    _I,
)
_COMMENT_PROMPT = re.compile(
    r"^(?:tell us what you think|join the (?:conversation|discussion|debate)|leave a (?:comment|reply)|"
    r"what do you think\?|have your say|comments? (?:are|have been) (?:closed|disabled))\b",
    _I,
)
_AFFILIATE = re.compile(
    r"\bif you (?:buy|purchase|click) (?:something|anything|a product|on)\b.{0,40}"
    r"\b(?:this|our) (?:post|article|site|links?)\b|"
    r"\bmay (?:earn|get|receive|collect) (?:a )?(?:small )?(?:commission|share of (?:the )?sales?)\b",
    _I,
)
_STANDARDS = re.compile(r"^our standards\s*:", _I)
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", _I)
_MEDIA = re.compile(
    r"^(?:(?:image|photo|video|graphic|gallery|illustration)(?:\s+\d+(?:\s+(?:of|/)\s+\d+)?)?|"
    r"\[(?:image|photo|video|embed|graphic)[^\]]*\]|(?:play|watch)(?: the)? video|video player|"
    r"click to (?:expand|enlarge|play)|enlarge (?:this )?image|open in app|toggle caption|hide caption|"
    r"expand|close|menu|search|home)$",
    _I,
)
# A breadcrumb trail from the home page: "Home >> News >> Story title", "You are here: Home / World".
_BREADCRUMB = re.compile(r"^(?:(?:current location|you are here)\s*:\s*)?home\s*(?:>>?|»|›|/|\\)\s*\S", _I)
_SITE_NAV_SEPARATORS = re.compile(r"\s*[|•›»/]\s*")
_SITE_NAV_WORDS = re.compile(
    r"^(?:privacy policy|privacy|terms of (?:use|service)|terms (?:&|and) conditions|contact us|contact|about us|"
    r"advertise(?: with us)?|careers|jobs|sitemap|site map|help|faq|accessibility|corrections|ethics policy|"
    r"do not sell my (?:personal )?(?:info|information))$",
    _I,
)

_OPENING_QUOTES = "\"“„«‘'"
# Full-line patterns, checked in order; the first that matches gives the reason.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("source-link", _SOURCE_LINK),
    ("related-posts", _RELATED_HEADING),
    ("pagination", _PAGINATION),
    ("rating-widget", _RATING),
    ("self-promo", _SELF_PROMO),
    ("self-promo", _STANDARDS),
    ("social-follow", _SOCIAL_FOLLOW),
    ("comment-prompt", _COMMENT_PROMPT),
    ("affiliate-notice", _AFFILIATE),
    ("share-widget", _SHARE_PHRASE),
    ("ai-voice-notice", _AI_NOTICE),
    ("reading-time", _READING_TIME),
    ("back-to-top", _BACK_TO_TOP),
    ("cookie-prompt", _COOKIE),
    ("subscribe-prompt", _SUBSCRIBE),
    ("logo", _LOGO),
    ("advertisement", _ADVERTISEMENT),
    ("copyright", _COPYRIGHT),
    ("update-note", _UPDATE_NOTE),
    ("contributor-note", _CONTRIBUTED),
    ("author-bio", _ABOUT_HEADING),
    ("tag-row", _TAG_PREFIX),
    ("social-embed", _SOCIAL_EMBED),
    ("link", _BARE_URL),
    ("media-placeholder", _MEDIA),
    ("teaser", _TEASER_PREFIX),
    ("site-nav", _BREADCRUMB),
)
# Reasons whose lines head a block that the following lines belong to.
_ABOUT_REASON = "author-bio"
_RELATED_REASON = "related-posts"


def classify_line(text: str) -> str | None:
    """The noise reason for one stripped line judged alone, or None when it may be body text.

    Only widget-shaped lines are matched: every rule is limited to short lines (a long line that
    mentions "newsletter" or "cookies" is body text), and credits must end the line.
    """
    words = count_words(text)
    if words <= WIDGET_MAX_WORDS:
        for reason, pattern in _RULES:
            if pattern.search(text):
                return reason
        if words <= SHORT_PROMPT_MAX_WORDS and _SHORT_PROMPT.match(text):
            return "subscribe-prompt"
        if _is_share_row(text):
            return "share-widget"
        if _is_site_nav(text):
            return "site-nav"
        if read_byline(text) is not None:
            return "byline"
        if _STAMP_KEYWORD.match(text) and is_date_line(text):
            return "date-line"
    if words <= CREDIT_LINE_MAX_WORDS:
        if _CREDIT_TAIL.search(text) or _CREDIT_PREFIX.search(text):
            return "photo-credit"
        if _FILE_CAPTION.match(text):
            return "photo-caption"
        if _is_credits_line(text):
            return "byline"
    if _READ_MORE_TAIL.search(text):
        return "author-bio" if _BIO.search(text) else "teaser"
    if _is_tag_row(text, words):
        return "tag-row"
    return None


def _is_credits_line(text: str) -> bool:
    match = _CREDITS_BY.match(text)
    if match is None:
        return False
    if match.group("open"):
        return True
    words = match.group("names").replace(",", " ").split()
    return all(w[0].isupper() or w.lower() in _CREDIT_CONNECTORS for w in words)


def _is_share_row(text: str) -> bool:
    tokens = re.findall(r"[a-z]+", text.lower())
    # "FACEBOOK." with a period is a subhead (reader comments quoted from Facebook), not a button.
    if not tokens or len(tokens) > 12 or ends_sentence(text):
        return False
    return all(t in _SHARE_WORDS for t in tokens) and any(t in _SHARE_NETWORKS for t in tokens)


def _is_site_nav(text: str) -> bool:
    """A run of short navigation items ("Home | World | Europe") or a footer link ("Privacy Policy")."""
    if _SITE_NAV_WORDS.match(text):
        return True
    parts = [p for p in _SITE_NAV_SEPARATORS.split(text) if p]
    return (
        len(parts) >= 3
        and not ends_sentence(text)
        and all(count_words(p) <= 3 and not any(c.isdigit() for c in p) for p in parts)
    )


def _is_tag_row(text: str, words: int) -> bool:
    if ends_sentence(text) or words > 60:
        return False
    joins = [len(_CAMEL_JOIN.findall(word)) for word in text.split()]
    total = sum(joins)
    return (
        total >= TAG_ROW_MIN_JOINS
        and total >= TAG_ROW_MIN_JOIN_SHARE * words
        and sum(1 for j in joins if j) >= TAG_ROW_MIN_JOINED_WORDS
    )


def _is_label(lines: list[Line], i: int) -> bool:
    """True for a line that stands alone as a label: not a sentence, not introducing what follows
    ("Watch the interview below:"), and not part of a sentence wrapped over several lines."""
    text = lines[i].text
    if ends_sentence(text) or text.endswith((":", ",", ";")) or text[0].islower():
        return False
    below = lines[i + 1] if i + 1 < len(lines) else None
    return below is None or below.blank_before or not below.text[0].islower()


def _is_speaker_label(lines: list[Line], i: int) -> bool:
    """An interview's speaker label ("JANE DOE, DIRECTOR AT SOME TRUST") above the quote it
    introduces: all-capitals like a teaser, but the next line opens with a quotation mark."""
    return i + 1 < len(lines) and lines[i + 1].text[:1] in _OPENING_QUOTES


def is_body_like(line: Line) -> bool:
    """True for a line shaped like an article paragraph (a sentence of some length)."""
    words = line.words
    return words >= BODY_MIN_WORDS_UNPUNCTUATED or (words >= BODY_MIN_WORDS and ends_sentence(line.text))


def find_body_span(
    lines: list[Line], noise: Mapping[int, str], *, headline: int | None = None
) -> tuple[int, int] | None:
    """Indices of the first and last body-like lines that are not noise, or None when there are none.

    Author bios and contact lines are not counted as body even when long: they sit below the body.
    """
    body = [
        i
        for i, line in enumerate(lines)
        if i not in noise
        and i != headline
        and is_body_like(line)
        and not _BIO.match(line.text)
        and not _CONTACT.search(line.text)
    ]
    return (body[0], body[-1]) if body else None


def find_context_noise(
    lines: list[Line],
    noise: Mapping[int, str],
    *,
    headline: int | None = None,
) -> dict[int, str]:
    """Reasons for lines that are noise because of where they stand; ``noise`` holds the first pass.

    Returns only the new reasons (indices into ``lines``). ``headline`` is the index of the headline
    line, which is never noise.
    """
    found: dict[int, str] = {}

    def free(i: int) -> bool:
        return i not in noise and i not in found and i != headline

    # Blocks headed by "About the writer": the bio lines after it.
    for i, line in enumerate(lines):
        if noise.get(i) == _ABOUT_REASON and _ABOUT_HEADING.match(line.text):
            taken = 0
            for j in range(i + 1, len(lines)):
                if taken >= ABOUT_BLOCK_MAX_LINES:
                    break
                if free(j):
                    found[j] = "author-bio"
                    taken += 1

    # Photo captions: the line right above a credit line.
    for i, line in enumerate(lines):
        if noise.get(i) != "photo-credit" or i == 0 or line.blank_before or not free(i - 1):
            continue
        above = lines[i - 1]
        short_title = above.words <= CAPTION_MAX_WORDS and not ends_sentence(above.text)
        caption_sentence = (
            _BARE_CREDIT.match(line.text) is not None
            and above.words <= CAPTION_SENTENCE_MAX_WORDS
            and any(other.blank_before for other in lines)
        )
        if short_title or caption_sentence:
            found[i - 1] = "photo-caption"

    # All-capitals headlines of other stories inside the body.
    for i, line in enumerate(lines):
        if (
            free(i)
            and line.words >= TEASER_MIN_WORDS
            and not ends_sentence(line.text)
            and upper_share(line.text) >= TEASER_MIN_UPPER_SHARE
            and not _is_speaker_label(lines, i)
        ):
            found[i] = "teaser"

    # Section labels above the headline ("Politics", "Analysis").
    if headline is not None:
        for i in range(headline):
            if free(i):
                found[i] = "section-label"

    # Zones above the first and below the last body-like line.
    span = find_body_span(lines, {**noise, **found}, headline=headline)
    if span is None:
        return found
    first_body, last_body = span

    # Headlines listed under a "Related Posts" heading.
    for i, line in enumerate(lines):
        if noise.get(i) != _RELATED_REASON:
            continue
        limit = RELATED_BLOCK_MAX_LINES if i > last_body else 1
        for j in range(i + 1, min(len(lines), i + 1 + limit)):
            if j in noise or j in found:
                continue
            below = lines[j]
            if j == headline or below.words > RELATED_HEADLINE_MAX_WORDS or ends_sentence(below.text):
                break
            found[j] = "related-posts"

    # Furniture below the body starts at the first line a rule recognised: lists that end an article
    # (tour dates, ingredients) stand above it and stay.
    footer_start = next((i for i in range(last_body + 1, len(lines)) if i in noise or i in found), len(lines))
    for i, line in enumerate(lines):
        if not free(i) or first_body <= i <= last_body:
            continue
        if read_sign_off(line.text) is not None:
            found[i] = "byline"
        elif _BIO.match(line.text) or (_CONTACT.search(line.text) and line.words <= WIDGET_MAX_WORDS):
            found[i] = "author-bio"
        elif is_date_line(line.text):
            found[i] = "date-line"
        elif i > footer_start and line.words <= FOOTER_MAX_WORDS and _is_label(lines, i):
            found[i] = "footer"
        elif i < first_body and line.words <= LABEL_MAX_WORDS and _is_label(lines, i):
            found[i] = "section-label"
    return found
