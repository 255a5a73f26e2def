"""The built-in rule pack, installed as the package ``lint_corpus_rules`` and registered through the
``lint_corpus.rules`` entry point like any plugin pack: one module per rule family."""
