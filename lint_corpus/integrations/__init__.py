"""Adapters for data-processing frameworks.

Each adapter lives in its own module and imports its framework there, so ``import
lint_corpus`` never needs them: ``lint_corpus.integrations.datatrove`` (a datatrove pipeline
step, ``pip install 'lint-corpus[datatrove]'``) and ``lint_corpus.integrations.hf`` (a
batched function for ``datasets.Dataset.map``, ``pip install 'lint-corpus[hf]'``).
"""
