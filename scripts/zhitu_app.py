"""Entry point of the bundled app (``build.spec``): the explorer, or the ``zhitu`` CLI.

``zhitu`` alone or with GUI options (``--db``, ``--smoke``, ``--screenshot``)
opens the explorer; ``zhitu build|extract|export|...`` runs the command line,
so the installed folder scripts like a pip install. ``zhitu --bundle-check``
exercises what a frozen app most often loses (data files, entry points,
plugins) and prints one line per check; the bundle test runs it.
"""

from __future__ import annotations

import sys


def bundle_check() -> int:
    """Touch every dependency that loads files or plugins at run time; exit 1 on the first failure."""
    checks = []

    def check(name: str):
        def wrap(fn):
            checks.append((name, fn))
            return fn

        return wrap

    @check("spacy zh+jieba")
    def _spacy() -> str:
        import spacy

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "月之暗面"}])
        doc = nlp("北京月之暗面科技有限公司发布了大模型")
        return " ".join(t.text for t in doc) + f" | ents={[e.text for e in doc.ents]}"

    @check("jieba dictionary")
    def _jieba() -> str:
        import jieba

        return "/".join(jieba.lcut("百度发布文心一言大模型"))

    @check("opencc t2s")
    def _opencc() -> str:
        import opencc

        return opencc.OpenCC("t2s").convert("開放原子開源基金會")

    @check("rdflib turtle")
    def _rdflib() -> str:
        from rdflib import Graph

        import ontology

        g = Graph().parse(ontology.ONTOLOGY_FILE, format="turtle")
        return f"{len(g)} ontology triples; jsonld {len(g.serialize(format='json-ld'))} bytes"

    @check("html page (vis-network from pyvis's data)")
    def _pyvis() -> str:
        from graph.export.html_page import render_html
        from graph.model import Node, Snapshot

        page = render_html(Snapshot({"a": Node("a", "百度", ("Company",))}, ()), {"a": (0.0, 0.0)})
        return f"{len(page)} bytes of html"

    @check("igraph layout")
    def _igraph() -> str:
        import igraph

        return f"{len(igraph.Graph.Ring(10).layout_fruchterman_reingold())} positions"

    @check("assets")
    def _assets() -> str:
        import assets

        found = sorted(p.name for p in assets.ROOT.iterdir() if p.is_dir() and p.name != "__pycache__")
        return ", ".join(f"{d}:{sum(1 for _ in assets.path(d).rglob('*'))}" for d in found)

    status = 0
    for name, fn in checks:
        try:
            print(f"ok   {name}: {fn()}", flush=True)
        except Exception as e:
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--bundle-check"]:
        return bundle_check()
    from graph.cli import make_parser

    commands = {a for a in make_parser()._subparsers._group_actions[0].choices}  # noqa: SLF001
    if argv[:1] and (argv[0] in commands or argv[0] in ("-h", "--help", "--version")) and argv[0] != "gui":
        from graph.cli import main as cli_main

        return cli_main(argv)
    from gui.app import main as gui_main

    return gui_main(argv[1:] if argv[:1] == ["gui"] else argv)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # `build --jobs`: worker processes re-enter this binary
    sys.exit(main())
