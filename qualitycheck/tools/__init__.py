"""Side tools built on the pipeline: clean (write articles without their
boilerplate), evaluate (measure on labeled data), training (fit and write
models), docgen (generate the reference docs)."""
