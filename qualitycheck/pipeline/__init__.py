"""One article through the stages (Checker), every input through the checker in
input order (inputs), on several cores (executor), with rule selection,
suppressions and scoring: the per-run flow, nothing about output."""
