"""gradkg: a knowledge graph of a degree programme's annual reports (学位授权点建设年度报告)."""

__version__ = "0.7.0"
