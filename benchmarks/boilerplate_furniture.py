"""Synthetic furniture inside the article body, for training the boilerplate model (issue 16).

The 72 training pages hold few furniture lines between an article's first and
last paragraph, so the line model has seen few captions, bios, comment threads
or teasers *inside* a body. This module writes such lines from templates and
word lists written for this project (nothing here comes from the corpora) and
inserts them, one to four lines at a time, between the paragraphs of clean
articles: each line inserted is labeled boilerplate, each article line content.

    pages = furniture_pages(articles, seed=0)          # records like boilerplate/train.jsonl
    python benchmarks/boilerplate_furniture.py --show 3  # print a few pages

The kinds follow the issue: photo captions and credits, author bios, comment
threads, related-article teasers and "Read more" blocks, newsletter and
subscription boxes, social-media residue, ad markers and video-player text.
Everything is drawn from one seeded ``random.Random``: the same articles and
seed give the same pages.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

FIRST = (
    "Maria Lopez Daniel Okafor Priya Raman Tom Becker Aisha Khan Lukas Novak Emma Walsh "
    "Kenji Sato Olivia Brandt Samuel Greene Nadia Petrova Carlos Mendes Hannah Price Omar Haddad "
    "Grace Liu Peter Lindqvist Fatima Diallo Jack Morrison Sofia Rossi Ben Adeyemi Chloe Martin "
    "Ravi Desai Anna Kowalski Luis Ortega Megan Tran Noah Fischer Leila Moradi Owen Hughes"
).split()
FIRST_NAMES, LAST_NAMES = FIRST[0::2], FIRST[1::2]
AGENCIES = (
    "Reuters",
    "AP",
    "AFP",
    "Getty Images",
    "EPA",
    "Bloomberg",
    "Shutterstock",
    "Alamy",
    "AFP via Getty Images",
    "EPA-EFE",
    "PA Images",
    "Xinhua",
    "Anadolu Agency",
    "ZUMA Press",
    "SOPA Images",
    "NurPhoto",
    "iStock",
    "Pool",
    "Handout",
)
OUTLETS = (
    "The Herald",
    "The Daily Courier",
    "Metro Times",
    "The Ledger",
    "Northern Post",
    "The Sentinel",
    "City Journal",
    "The Morning Star",
    "Valley Tribune",
    "The Observer Weekly",
    "Coastal News",
    "The Examiner",
    "Capital Report",
    "The Gazette",
)
BEATS = (
    "politics",
    "climate and energy",
    "the courts",
    "local government",
    "health care",
    "technology",
    "education",
    "business",
    "crime and public safety",
    "national security",
    "transportation",
    "sports",
    "science",
    "the economy",
    "immigration",
)
SUBJECTS = (
    "City council",
    "Local school board",
    "State lawmakers",
    "Police",
    "Residents",
    "Officials",
    "The governor",
    "Investors",
    "Researchers",
    "Fans",
    "The mayor",
    "Farmers",
    "Health experts",
    "A new study",
    "Voters",
    "Tech giant",
    "Hospital staff",
    "Firefighters",
    "The central bank",
    "Travelers",
    "Parents",
    "Small businesses",
    "Scientists",
    "The opposition",
)
VERBS = (
    "approves",
    "rejects",
    "weighs",
    "warns about",
    "pushes back on",
    "celebrates",
    "braces for",
    "unveils",
    "questions",
    "delays",
    "backs",
    "reacts to",
    "prepares for",
    "debates",
    "signs off on",
    "cuts",
    "doubles down on",
    "looks into",
)
OBJECTS = (
    "new budget",
    "housing plan",
    "school closures",
    "rising rents",
    "storm damage",
    "tax cuts",
    "a stadium deal",
    "water restrictions",
    "the election results",
    "bike lanes",
    "flu season",
    "price hikes",
    "a late-night vote",
    "the merger",
    "summer heat",
    "train delays",
    "a hiring freeze",
    "the trade talks",
    "wildfire risk",
    "a new curfew",
)
TAILS = (
    "",
    "",
    "",
    " after long debate",
    " amid protests",
    " ahead of winter",
    " this week",
    ": what we know",
    ": here's what it means for you",
    " despite objections",
    " again",
    " — and why it matters",
    ", report says",
    " in surprise move",
    " for the first time",
)
PLACES = (
    "downtown",
    "outside the courthouse",
    "near the harbor",
    "at a rally",
    "in the capital",
    "on Main Street",
    "at the stadium",
    "in a flooded street",
    "at the town hall",
    "at a market",
    "on the campaign trail",
    "in the hospital lobby",
    "at the airport",
    "in a classroom",
)
ACTIONS = (
    "speaks to reporters",
    "waves to supporters",
    "walks past a mural",
    "looks on",
    "gather for a vigil",
    "wait in line",
    "holds a sign",
    "arrives for a meeting",
    "inspects the damage",
    "poses for a photo",
    "listens during a hearing",
    "crosses the street",
)
CITIES = ("London", "Chicago", "Nairobi", "Berlin", "Toronto", "Denver", "Lisbon", "Manila")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
COMMENT_BODIES = (
    "Great article, thanks for sharing.",
    "This is exactly what I have been saying for years!",
    "Who is paying for all of this?",
    "Well said.",
    "I disagree, the numbers don't add up.",
    "Finally someone reports on this",
    "lol",
    "Sad to see what this town has become.",
    "Can anyone explain why this took so long?",
    "Totally agree with the previous comment.",
    "Not surprised at all.",
    "Thank you for covering this story",
    "Interesting read",
    "This should be on the front page.",
    "The comments here are wild",
)


class _Writer:
    """Seeded writer of furniture lines: one method per kind, each returns 1-4 lines."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: Sequence[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def name(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    def handle(self, name: str) -> str:
        first, last = name.lower().split()
        return self.pick((first + last, first[0] + last, f"{first}_{last}", last + "news"))

    def date(self) -> str:
        month, day, year = self.pick(MONTHS), self.rng.randint(1, 28), self.rng.randint(2012, 2024)
        return self.pick(
            (f"{month} {day}, {year}", f"{month[:3]} {day}, {year}", f"{day} {month} {year}")
        )

    def headline(self) -> str:
        text = f"{self.pick(SUBJECTS)} {self.pick(VERBS)} {self.pick(OBJECTS)}{self.pick(TAILS)}"
        return self.cased(text, title=0.35, upper=0.05)

    def cased(self, text: str, title: float = 0.0, upper: float = 0.0) -> str:
        roll = self.rng.random()
        if roll < upper:
            return text.upper()
        if roll < upper + title:
            return " ".join(w[:1].upper() + w[1:] for w in text.split())
        return text

    def caption(self) -> list[str]:
        name, agency, outlet = self.name(), self.pick(AGENCIES), self.pick(OUTLETS)
        scene = f"{self.pick(SUBJECTS)} {self.pick(ACTIONS)} {self.pick(PLACES)}"
        if self.rng.random() < 0.5:
            scene += f" on {self.pick(DAYS)}"
        credit = self.pick(
            (
                f"(Photo: {name}/{agency})",
                f"Photograph: {name}/{agency}",
                f"{name} for {outlet}",
                f"Image: {agency}",
                f"Credit: {name}/{agency}",
                f"({name}/{agency})",
                f"Photo by {name}/{agency}",
                f"{agency}/{name}",
                f"Image credit: {name}",
                f"(Image: {outlet})",
                f"Photo: {name} | {outlet}",
                f"© {name} / {agency}",
            )
        )
        form = self.rng.randrange(5)
        if form == 0:
            return [credit]
        if form == 1:
            return [f"{scene}. {credit}"]
        if form == 2:
            return [f"{scene}.", credit]
        if form == 3:
            count = self.rng.randint(2, 24)
            return [f"{self.rng.randint(1, count)} of {count}", f"{scene}. {credit}"]
        return [
            self.pick(("Enlarge this image", "Toggle caption", "Hide caption", "Expand")),
            scene + ".",
        ]

    def bio(self) -> list[str]:
        name, outlet, beat = self.name(), self.pick(OUTLETS), self.pick(BEATS)
        first = self.pick(
            (
                f"{name} is a reporter for {outlet}.",
                f"{name} is a staff writer at {outlet} covering {beat}.",
                f"{name} covers {beat} for {outlet}.",
                f"{name} is {outlet}'s {beat} correspondent.",
                f"About the author: {name} writes about {beat}.",
                f"{name} is a freelance journalist based in {self.pick(CITIES)}.",
            )
        )
        domain = outlet.lower().replace(" ", "").replace("the", "")
        extra = self.pick(
            (
                f"Follow {name.split()[0]} on Twitter @{self.handle(name)}.",
                f"Contact: {self.handle(name)}@{domain}.com",
                f"Email {name.split()[0]} at {self.handle(name)}@example.com",
                "Read more by this author",
                f"More stories by {name}",
            )
        )
        return [first] if self.rng.random() < 0.5 else [first, extra]

    def comments(self) -> list[str]:
        name = self.name()
        when = self.pick(
            (
                f"{self.rng.randint(1, 23)} hours ago",
                f"{self.rng.randint(1, 59)} min ago",
                f"{self.rng.randint(1, 9)}d",
                self.date(),
                f"{self.rng.randint(2, 12)} years ago",
                f"{self.date()} at {self.rng.randint(1, 12)}:{self.rng.randint(0, 59):02d} pm",
            )
        )
        votes = self.pick(
            (
                f"{self.rng.randint(0, 300)} likes",
                f"Like ({self.rng.randint(0, 90)})",
                f"{self.rng.randint(0, 60)} replies",
                "Reply",
                "Report",
                "Share",
                f"▲ {self.rng.randint(0, 99)} ▼",
                f"Upvote {self.rng.randint(0, 50)}",
            )
        )
        form = self.rng.randrange(4)
        if form == 0:
            count = self.rng.randint(2, 850)
            return [
                self.pick(
                    (
                        f"{count} comments",
                        f"Comments ({count})",
                        f"{count} Comments",
                        "Join the conversation",
                        "Show comments",
                        "Load more comments",
                    )
                )
            ]
        if form == 1:
            return [name, when, self.pick(COMMENT_BODIES), votes]
        if form == 2:
            return [f"{name} {when}", self.pick(COMMENT_BODIES)]
        return [
            self.pick(("Sort by Newest", "Most popular comments", "Leave a comment")),
            name,
            self.pick(COMMENT_BODIES),
        ]

    def related(self) -> list[str]:
        marker = self.pick(
            (
                "Read more:",
                "Also read:",
                "See also:",
                "RELATED:",
                "Related:",
                "READ MORE:",
                "More on this story:",
                "Recommended:",
                "ALSO READ |",
                "Don't miss:",
                "Read next:",
            )
        )
        form = self.rng.randrange(3)
        if form == 0:
            return [f"{marker} {self.headline()}"]
        if form == 1:
            header = self.pick(
                (
                    "Related Articles",
                    "RELATED STORIES",
                    "More from News",
                    "You might also like",
                    "Trending now",
                    "Most read",
                )
            )
            return [header] + [self.headline() for _ in range(self.rng.randint(1, 3))]
        return [marker.rstrip(":|").strip(), self.headline()]

    def newsletter(self) -> list[str]:
        outlet = self.pick(OUTLETS)
        lines = [
            self.pick(
                (
                    "Sign up for our daily newsletter",
                    f"Get the {outlet} morning briefing",
                    "Subscribe to our newsletter",
                    "Never miss a story: sign up for breaking news alerts",
                    "Want more stories like this? Sign up here.",
                    "SUBSCRIBE NOW",
                    f"Support {outlet}: subscribe for $1 a week",
                    "Become a member today",
                )
            )
        ]
        extra = (
            "Enter your email address",
            "Sign up",
            "Subscribe",
            "By signing up you agree to our Terms of Use and Privacy Policy",
            "Thanks for signing up!",
            "You can unsubscribe at any time.",
            "Already a subscriber? Log in",
        )
        for _ in range(self.rng.randint(0, 2)):
            lines.append(self.pick(extra))
        return lines

    def social(self) -> list[str]:
        name = self.name()
        handle = self.handle(name)
        code = "".join(
            self.pick("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10)
        )
        form = self.rng.randrange(4)
        if form == 0:
            return [f"pic.twitter.com/{code}", f"— {name} (@{handle}) {self.date()}"]
        if form == 1:
            return [f"— {name} (@{handle}) {self.date()}"]
        if form == 2:
            return [
                "View this post on Instagram",
                f"A post shared by {name} (@{handle}) on {self.date()} at "
                f"{self.rng.randint(1, 12)}:{self.rng.randint(0, 59):02d}am PDT",
            ]
        return [
            self.pick(
                (
                    "Share on Facebook",
                    "Tweet",
                    "Share this article",
                    "Share",
                    "Copy link",
                    "Email",
                    "WhatsApp",
                    "Pinterest",
                )
            )
            for _ in range(self.rng.randint(1, 4))
        ]

    def advert(self) -> list[str]:
        return [
            self.pick(
                (
                    "Advertisement",
                    "ADVERTISEMENT",
                    "Sponsored",
                    "Sponsored content",
                    "Ad",
                    "Story continues below advertisement",
                    "Article continues below",
                    "Paid content",
                    "Promoted",
                    "Advertisement - scroll to continue",
                    "Content from our partners",
                    "SPONSORED",
                )
            )
        ]

    def video(self) -> list[str]:
        minutes, seconds = self.rng.randint(0, 9), self.rng.randint(0, 59)
        duration = f"{minutes}:{seconds:02d}"
        form = self.rng.randrange(4)
        if form == 0:
            return ["Now playing", self.headline(), duration]
        if form == 1:
            return [
                f"{self.pick(('Watch:', 'WATCH:', 'Video:', 'VIDEO:', 'Watch'))} {self.headline()}"
            ]
        if form == 2:
            return [duration, self.headline()]
        return [
            self.pick(
                (
                    "Up next",
                    "Play video",
                    "Replay",
                    "Autoplay",
                    "Watch more videos",
                    "Press play to listen",
                    "Listen to this article",
                )
            ),
            duration,
        ]


#: The kinds of furniture, with how often each is drawn.
KINDS: dict[str, tuple[Callable[[_Writer], list[str]], float]] = {
    "caption": (_Writer.caption, 3.0),
    "bio": (_Writer.bio, 1.0),
    "comments": (_Writer.comments, 1.5),
    "related": (_Writer.related, 2.0),
    "newsletter": (_Writer.newsletter, 1.0),
    "social": (_Writer.social, 1.0),
    "advert": (_Writer.advert, 1.5),
    "video": (_Writer.video, 1.0),
}


def furniture(rng: random.Random) -> tuple[str, list[str]]:
    """One block of furniture (1-4 lines) and its kind."""
    names = list(KINDS)
    kind = rng.choices(names, weights=[KINDS[n][1] for n in names])[0]
    return kind, KINDS[kind][0](_Writer(rng))[:4]


def furniture_page(
    article: Sequence[str], rng: random.Random, blocks: int
) -> dict[str, Any] | None:
    """``article`` (its paragraphs, in order) with ``blocks`` furniture blocks
    inserted between paragraphs; ``None`` for an article of fewer than 3 lines."""
    if len(article) < 3:
        return None
    gaps = sorted(rng.sample(range(1, len(article)), min(blocks, len(article) - 1)))
    lines: list[str] = []
    labels: list[str] = []
    kinds: list[str] = []
    for index, paragraph in enumerate(article):
        if gaps and gaps[0] == index:
            gaps.pop(0)
            kind, block = furniture(rng)
            lines += block
            labels += ["boilerplate"] * len(block)
            kinds += [kind] * len(block)
        lines.append(paragraph)
        labels.append("content")
        kinds.append("")
    return {"text": "\n".join(lines), "lines": labels, "kinds": kinds}


def furniture_pages(
    articles: Sequence[Sequence[str]], seed: int = 0, copies: int = 1
) -> list[dict[str, Any]]:
    """Each article ``copies`` times with 1-3 furniture blocks of its own
    (records in the boilerplate corpus format, plus ``kinds`` per line and the
    index of the article they were made from as ``base``)."""
    rng = random.Random(seed)
    pages = []
    for copy in range(copies):
        for number, article in enumerate(articles):
            page = furniture_page(article, rng, rng.randint(1, 3))
            if page is not None:
                page.update(id=f"furniture-{copy}-{number}", base=number)
                pages.append(page)
    return pages


def cut_to_content(record: dict[str, Any]) -> list[str]:
    """A labeled page's content lines, in order (its furniture and titles dropped)."""
    lines = record["text"].split("\n")
    return [line for line, label in zip(lines, record["lines"], strict=True) if label == "content"]


_END = (".", "!", "?", '"', "”", "’", "'", ")")


def paragraphs(text: str) -> list[str]:
    """A plain article's paragraphs (non-empty lines, whitespace collapsed); a
    first line without a sentence ending is its headline and is left out (the
    labeled pages mark headlines as titles, which training skips)."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if lines and not lines[0].endswith(_END):
        lines = lines[1:]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "articles",
        type=Path,
        nargs="?",
        default=Path(__file__).resolve().parent.parent.parent
        / "shared"
        / "corpus"
        / "boilerplate"
        / "train.jsonl",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=2, help="pages to print")
    args = parser.parse_args(argv)
    if not args.articles.is_file():
        print(f"{args.articles}: not found (needs ../shared)", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in args.articles.open(encoding="utf-8")]
    bases = [cut_to_content(r) if "lines" in r else paragraphs(r["text"]) for r in records]
    for page in furniture_pages(bases, args.seed)[: args.show]:
        for line, label, kind in zip(
            page["text"].split("\n"), page["lines"], page["kinds"], strict=True
        ):
            mark = f"[{kind}]" if label == "boilerplate" else "    "
            print(f"{mark:13} {line[:110]}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
