"""Learned detectors: scikit-learn at training time, plain Python at check time.

Each model is a logistic regression over named features, shipped as a JSON
file (``data/<task>.json``) that lists every feature's weight: safe to load
(no pickle), reviewable in a diff, and scored without importing scikit-learn.
"""
