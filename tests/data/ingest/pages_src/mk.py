# Builds the invented whole-page test documents (pages/NN-name.txt) and their hand-cleaned
# bodies (pages/NN-name.expected.txt) from docs.py: page = furniture + headline + meta lines +
# story paragraphs (+ furniture inserted mid-story) + footer; expected = title, date, story.
# All text is invented. Run: python3 mk.py
import json, os, textwrap
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pages")
os.makedirs(OUT, exist_ok=True)
docs = []
def doc(name, title, date, head, meta, story, foot, mid=None, wrap=None, linemode=False, title_dup=None):
    docs.append(dict(name=name, title=title, date=date, head=head, meta=meta, story=story, foot=foot,
                     mid=mid or {}, wrap=wrap, linemode=linemode, title_dup=title_dup))

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "docs.py")).read())

for d in docs:
    parts = []  # list of blocks (each a string, may contain single newlines)
    parts += d["head"]
    parts.append(d["title"])
    if d["title_dup"]:
        parts.append(d["title_dup"])
    parts += d["meta"]
    for i, p in enumerate(d["story"]):
        if d["wrap"]:
            p = "\n".join(textwrap.wrap(p, d["wrap"]))
        parts.append(p)
        for extra in d["mid"].get(i, []):
            parts.append(extra)
    parts += d["foot"]
    sep = "\n" if d["linemode"] else "\n\n"
    page = sep.join(parts) + "\n"
    with open(f"{OUT}/{d['name']}.txt", "w") as f:
        f.write(page)
    exp = f"title: {d['title']}\ndate: {d['date'] or 'none'}\n\n" + "\n\n".join(d["story"]) + "\n"
    with open(f"{OUT}/{d['name']}.expected.txt", "w") as f:
        f.write(exp)
print(len(docs), "docs")
