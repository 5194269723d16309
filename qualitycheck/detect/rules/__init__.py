"""Rule packs (YAML) and the engine that runs them: one rule kind per module in
kinds/ with its options declared, an explicit registry, pack loading and
validation, literal prefilters, and the self-test of each rule's examples."""
