"""The article model: blocks of visible text mapped back to source offsets,
sentences and quoted spans, text folding, shared word lists, and the Finding
type every stage produces."""
