"""The evaluation behind ``scripts/evaluate.py``: labelled cases, per-case scores, the issue's
figures, and cross-validation by site.

``cases`` reads the corpora, ``scoring`` turns one fixed document into counts, ``figures``
sums counts into the reported figures, ``crossval`` tunes rule options on some sites and
measures on the others, ``render`` prints text and Markdown.
"""
