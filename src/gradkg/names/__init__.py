"""Names as people type them: folding, Pinyin and partial matching of the graph's labels."""
