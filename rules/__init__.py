"""The built-in rule pack, installed as ``lint_corpus.rules``: one module per rule family."""
